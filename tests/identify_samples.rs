//! Format identification of real files made by the programs units use (WPS Office,
//! Microsoft Works, OFD writers, Chinese Windows ZIP tools). The files live beside the
//! repository in `../shared/samples/`; without that folder the test says so and passes.

use evcheck::identify::{identify, identify_named, Format};
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

const SAMPLES: &str = "../shared/samples";

#[test]
fn samples_identify_as_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLES);
    if !dir.is_dir() {
        println!("note: {SAMPLES} is absent; sample identification not checked");
        return;
    }
    // (file, format by content, basis must contain, format when the name is used)
    let cases = [
        (
            "tika-wps-made.doc",
            Format::Doc,
            "OLE2: WordDocument + WpsCustomData, KSOProductBuildVer",
            Format::Doc,
        ),
        (
            "tika-wps-made.xls",
            Format::Xls,
            "OLE2: Workbook + ETExtData, KSOProductBuildVer",
            Format::Xls,
        ),
        (
            "tika-wps-made.ppt",
            Format::Ppt,
            "OLE2: PowerPoint Document, KSOProductBuildVer",
            Format::Ppt,
        ),
        (
            "tika-msworks.wps",
            Format::Works,
            "root CLSID 0ea45ab2-9e0a-11d1-a407-00c04fb932ba",
            Format::Works,
        ),
        (
            "ofdrw-helloworld.ofd",
            Format::Ofd,
            "ZIP: OFD.xml at root",
            Format::Ofd,
        ),
        (
            "ofdrw-signed-seal.ofd",
            Format::Ofd,
            "ZIP: OFD.xml at root",
            Format::Ofd,
        ),
        ("tika-gbk.zip", Format::Zip, "ZIP archive", Format::Zip),
        ("zip2-non-utf8.zip", Format::Zip, "ZIP archive", Format::Zip),
    ];
    for (name, want, basis, want_named) in cases {
        let path = dir.join(name);
        let len = std::fs::metadata(&path).unwrap().len();
        let got = identify(&mut BufReader::new(File::open(&path).unwrap()), len);
        println!("{name}: {:?} — {}", got.format, got.basis);
        assert_eq!(got.format, want, "{name}: {}", got.basis);
        assert!(got.basis.contains(basis), "{name}: {}", got.basis);
        let named = identify_named(&mut BufReader::new(File::open(&path).unwrap()), len, name);
        assert_eq!(named.format, want_named, "{name} (named): {}", named.basis);
    }
    // The same WPS-made bytes under WPS's own extensions.
    for (name, as_name, want) in [
        ("tika-wps-made.doc", "报告.wps", Format::Wps),
        ("tika-wps-made.xls", "统计表.et", Format::Et),
        ("tika-wps-made.ppt", "汇报.dps", Format::Dps),
        // Microsoft Works is never WPS 文字, whatever its name.
        ("tika-msworks.wps", "报告.wps", Format::Works),
    ] {
        let path = dir.join(name);
        let len = std::fs::metadata(&path).unwrap().len();
        let got = identify_named(
            &mut BufReader::new(File::open(&path).unwrap()),
            len,
            as_name,
        );
        assert_eq!(got.format, want, "{name} as {as_name}: {}", got.basis);
    }
}
