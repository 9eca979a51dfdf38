//! The candidate verifier: a small learned model that judges each red candidate the
//! shape rules of [`super::detect`] let through, on its own.
//!
//! The candidate's ink is unrolled around its fitted outline into a polar grid
//! ([`NA`] angles × [`NRAD`] radii, bilinear samples of the ink mask), and described by
//! rotation-invariant measures: the radial ink profile and coverage, the angular
//! spectrum (DFT magnitudes) of the arc-text band and of the band between star and
//! text (a badge's rays or dots are evenly spaced around the whole circle, a seal's
//! glyphs are not), radial and angular run lengths of ink (a ray crosses the text band
//! from the star to the ring; a glyph's strokes are short), the ring's thickness and
//! its longest gap (an open-arc logo), plus the shape scores and measures of the
//! rules; and, for models that read them, texture inputs of the arc-text band (see
//! `texture`). Gradient-boosted trees over these ([`FEATURES`] inputs) give the
//! probability that the candidate is a seal (300 trees of at most 15 leaves: some
//! 4 000 comparisons per candidate judged).
//!
//! The weights (`verify_weights.txt`, beside this file) blend two models fitted by
//! `scripts/seal-set/train_verifier.py` on candidates of training data only, dumped
//! by `examples/seal_dump.rs`: 0.35 × the log-odds of one fitted on `crates/seal-synth`
//! seeds 1 and 3 and the `tune` family of `scripts/seal-set/gen.py`, plus 0.65 × those
//! of one fitted on every training family of `scripts/seal-set/gen_t.py` as well (badges,
//! date rings, icons, seals beside other red marks). `scripts/seal-set/blend_verifier.py`
//! writes the blend as one set of trees; its share was chosen on two validation sets
//! (`docs/benchmarks-seal.md`).
//!
//! Square outlines (a personal 名章) have a model of their own
//! (`verify_square_weights.txt`, [`SQUARE_FEATURES`] inputs: the inputs above plus the
//! measures of the square's inside), fitted by `train_verifier.py --square` on square
//! candidates of the training families (carved and framed 名章, framed words, dated
//! approval stamps, red labels, icons, table cells, QR-like squares, and the squares
//! beside round seals), whose log-odds the square rules' own score moves
//! ([`SQUARE_RULES_WEIGHT`]).
//!
//! A small convolutional network on the candidate's polar picture ([`super::conv`])
//! may move the trees' log-odds; none is built in yet (see that module).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, OnceLock};

/// Angles of the polar grid.
pub const NA: usize = 96;
/// Radii of the polar grid, from the centre to 1.2 × the outline, in steps of 0.05.
pub const NRAD: usize = 24;
/// Spectrum bins kept per band.
const NK: usize = 24;
/// Inputs of the first models (polar grid, spectra, runs, ring, the rules' scores).
const BASE_FEATURES: usize = 2 * NRAD + 2 * NK + 4 + 1 + 5 + 4 + 3 + 17;
/// Inputs added after them ([`texture`]): periodicity and stroke orientation of the
/// arc-text band, a line of text through the centre, the star.
const EXTRA_FEATURES: usize = 12;
/// Number of inputs of the model (a weights file may use the first
/// `BASE_FEATURES` only).
pub const FEATURES: usize = BASE_FEATURES + EXTRA_FEATURES;
/// Inputs the square model reads after [`FEATURES`]: the measures of a square's
/// inside read as red glyphs and as white ones (six each, see
/// `super::detect::square_inside`), the square rules' scores for both readings, the
/// shorter side over the longer, and the shorter half side in pixels of the mask.
pub const SQUARE_EXTRA: usize = 16;
/// Number of inputs of the square model.
pub const SQUARE_FEATURES: usize = FEATURES + SQUARE_EXTRA;
/// Angles of the fine grid of the arc-text band ([`texture`]).
const NF: usize = 192;
/// Radii of the fine grid: 0.50, 0.55, … 0.85 of the outline.
const NFR: usize = 8;

/// Candidate features collected while tracing (for `examples/seal_dump.rs`): the
/// rules' confidence and the verifier's inputs of every candidate judged.
#[doc(hidden)]
pub static TRACE: Mutex<Option<Vec<Traced>>> = Mutex::new(None);

/// One traced candidate: the rules' confidence, the verifier's inputs, whether it is
/// an end of a joined part or a circle found inside one (whose score must reach
/// `END_MIN` of [`super::detect`]), its polar picture ([`super::conv::grid`],
/// quantised to bytes), and whether it is a square outline (then the inputs are the
/// square model's, [`SQUARE_FEATURES`], and the confidence the square rules').
#[doc(hidden)]
pub type Traced = (f32, Vec<f32>, bool, Vec<u8>, bool);
/// Whether [`TRACE`] collects (checked before taking its lock).
#[doc(hidden)]
pub static TRACING: AtomicBool = AtomicBool::new(false);

/// Geometry of a fitted outline, in pixels of the mask.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outline {
    pub cx: f32,
    pub cy: f32,
    pub a: f32,
    pub b: f32,
    pub phi: f32,
    /// A square: `a` and `b` are half sides, and the outline at each angle lies at the
    /// square's edge.
    pub square: bool,
}

impl Outline {
    /// The point at `rho` times the outline's distance from the centre, at angle
    /// `(cos, sin)`.
    pub(crate) fn at(&self, rho: f32, ct: f32, st: f32) -> (f32, f32) {
        let k = if self.square {
            rho / ct.abs().max(st.abs()).max(1e-3)
        } else {
            rho
        };
        let (u, v) = (k * self.a * ct, k * self.b * st);
        let (cs, sn) = (self.phi.cos(), self.phi.sin());
        (self.cx + u * cs - v * sn, self.cy + u * sn + v * cs)
    }
}

/// Ink value of a mask pixel: strong 1, faint ½.
#[inline]
fn ink(m: u8) -> f32 {
    match m & super::detect::RED_BITS {
        0 => 0.0,
        1 => 0.5,
        _ => 1.0,
    }
}

/// Bilinear ink at `(x, y)`; `None` outside the picture (`w`, `h` at least 2).
pub(crate) fn sample(mask: &[u8], w: usize, h: usize, x: f32, y: f32) -> Option<f32> {
    if !(x >= 0.0 && y >= 0.0 && x <= (w - 1) as f32 && y <= (h - 1) as f32) {
        return None;
    }
    let (x0, y0) = (x.floor() as usize, y.floor() as usize);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = (x - x0 as f32, y - y0 as f32);
    let g = |xx: usize, yy: usize| mask.get(yy * w + xx).map_or(0.0, |&m| ink(m));
    Some(
        g(x0, y0) * (1.0 - fx) * (1.0 - fy)
            + g(x1, y0) * fx * (1.0 - fy)
            + g(x0, y1) * (1.0 - fx) * fy
            + g(x1, y1) * fx * fy,
    )
}

/// The polar grid: `v[r][t]` ink, `vis[t]` whether angle `t`'s outline point lies in
/// the picture.
fn polar(mask: &[u8], w: usize, h: usize, o: &Outline) -> ([[f32; NA]; NRAD], [bool; NA]) {
    let mut v = [[0.0f32; NA]; NRAD];
    let mut vis = [false; NA];
    let at = |x: f32, y: f32| sample(mask, w, h, x, y);
    for t in 0..NA {
        let th = (t as f32 + 0.5) / NA as f32 * std::f32::consts::TAU;
        let (ct, st) = (th.cos(), th.sin());
        let pt = |rho: f32| o.at(rho, ct, st);
        let (x, y) = pt(1.0);
        vis[t] = at(x, y).is_some();
        for (r, row) in v.iter_mut().enumerate() {
            let (x, y) = pt((r as f32 + 0.5) * 0.05);
            row[t] = at(x, y).unwrap_or(0.0);
        }
    }
    (v, vis)
}

/// Magnitudes of the DFT of `p` at 1..=NK, relative to the total (0 when empty).
fn spectrum(p: &[f32; NA], vis: &[bool; NA]) -> [f32; NK] {
    let mut out = [0.0f32; NK];
    let tot: f32 = p.iter().zip(vis).filter(|x| *x.1).map(|x| *x.0).sum();
    if tot <= 1e-3 {
        return out;
    }
    for (k, o) in out.iter_mut().enumerate() {
        let f = (k + 1) as f32 * std::f32::consts::TAU / NA as f32;
        let (mut re, mut im) = (0.0f32, 0.0f32);
        for t in 0..NA {
            if vis[t] {
                let a = f * t as f32;
                re += p[t] * a.cos();
                im += p[t] * a.sin();
            }
        }
        *o = (re * re + im * im).sqrt() / tot;
    }
    out
}

/// Mean over the radii `r0..r1` at each angle.
fn band(v: &[[f32; NA]; NRAD], r0: usize, r1: usize) -> [f32; NA] {
    let mut p = [0.0f32; NA];
    for row in &v[r0..r1] {
        for (t, x) in row.iter().enumerate() {
            p[t] += x / (r1 - r0) as f32;
        }
    }
    p
}

/// The verifier's inputs for one candidate; `parts` and `measures` are the rules'
/// (see [`super::detect::Candidate`]).
pub(crate) fn features(
    mask: &[u8],
    w: usize,
    h: usize,
    o: &Outline,
    parts: &[f32; 9],
    measures: &[f32; 8],
) -> Vec<f32> {
    let mut f = Vec::with_capacity(FEATURES);
    if w < 2 || h < 2 || mask.len() < w * h {
        f.resize(FEATURES, 0.0);
        return f;
    }
    let (v, vis) = polar(mask, w, h, o);
    let nvis = vis.iter().filter(|x| **x).count().max(1) as f32;
    const ON: f32 = 0.25;
    // Radial profile and coverage.
    for row in &v {
        f.push(
            row.iter()
                .zip(&vis)
                .filter(|x| *x.1)
                .map(|x| *x.0)
                .sum::<f32>()
                / nvis,
        );
    }
    for row in &v {
        f.push(row.iter().zip(&vis).filter(|x| *x.1 && *x.0 >= ON).count() as f32 / nvis);
    }
    // Angular spectra: arc-text band (0.5–0.85) and between star and text (0.25–0.5).
    f.extend_from_slice(&spectrum(&band(&v, 10, 17), &vis));
    f.extend_from_slice(&spectrum(&band(&v, 5, 10), &vis));
    // The ring band's low frequencies (one inked side, a gap).
    let ring = band(&v, 17, 21);
    f.extend_from_slice(&spectrum(&ring, &vis)[..4]);
    // The ring's longest gap, as a share of the circle.
    let mut gap = 0usize;
    let mut run = 0usize;
    for t in 0..2 * NA {
        let k = t % NA;
        if vis[k] && ring[k] < ON {
            run += 1;
            gap = gap.max(run.min(NA));
        } else {
            run = 0;
        }
    }
    f.push(gap as f32 / NA as f32);
    // Radial runs through star gap and text band (radii 4..17) per visible angle.
    let mut hist = [0.0f32; 5];
    for t in (0..NA).filter(|&t| vis[t]) {
        let (mut best, mut cur) = (0usize, 0usize);
        for row in &v[4..17] {
            if row[t] >= ON {
                cur += 1;
                best = best.max(cur);
            } else {
                cur = 0;
            }
        }
        let b = match best {
            0 => 0,
            1..=2 => 1,
            3..=5 => 2,
            6..=9 => 3,
            _ => 4,
        };
        hist[b] += 1.0 / nvis;
    }
    f.extend_from_slice(&hist);
    // Angular runs in the text band's rows: share of inked cells in runs of 1, 2–3,
    // 4–8, 9 or more angles.
    let mut runs = [0.0f32; 4];
    let mut inked = 0.0f32;
    for row in &v[10..17] {
        let mut t = 0;
        while t < NA {
            if !(vis[t] && row[t] >= ON) {
                t += 1;
                continue;
            }
            let s = t;
            while t < NA && vis[t] && row[t] >= ON {
                t += 1;
            }
            let n = t - s;
            inked += n as f32;
            let b = match n {
                1 => 0,
                2..=3 => 1,
                4..=8 => 2,
                _ => 3,
            };
            runs[b] += n as f32;
        }
    }
    f.extend(runs.iter().map(|r| r / inked.max(1.0)));
    // Ring thickness (radii at half the peak), peak radius, ink inside relative to
    // the ring.
    let prof: Vec<f32> = f[..NRAD].to_vec();
    let peak = prof[14..].iter().copied().fold(0.0f32, f32::max);
    let at = prof[14..]
        .iter()
        .position(|&x| x >= peak)
        .map_or(0.0, |p| (p + 14) as f32 / NRAD as f32);
    let thick = prof[10..]
        .iter()
        .filter(|&&x| peak > 0.0 && x >= 0.5 * peak)
        .count() as f32
        / 4.0;
    let inside = prof[..17].iter().sum::<f32>() / 17.0 / peak.max(1e-3);
    f.extend_from_slice(&[thick, at, inside.min(4.0)]);
    f.extend_from_slice(parts);
    f.extend_from_slice(measures);
    f.truncate(BASE_FEATURES);
    f.resize(BASE_FEATURES, 0.0);
    // The texture inputs are computed only when the model in use reads them (or for
    // the training dumps).
    if tracing() || model().is_some_and(|m| m.inputs > BASE_FEATURES) {
        f.extend_from_slice(&texture(mask, w, h, o));
    } else {
        f.resize(FEATURES, 0.0);
    }
    f
}

/// Power of the DFT of `p` (length [`NF`]) at 1..=NF/2, with `cs` the table of
/// `(cos, sin)` of `2π·k/NF`.
fn power(p: &[f32; NF], cs: &[(f32, f32); NF]) -> [f32; NF / 2] {
    let mut out = [0.0f32; NF / 2];
    for (k, o) in out.iter_mut().enumerate() {
        let (mut re, mut im) = (0.0f32, 0.0f32);
        for (t, x) in p.iter().enumerate() {
            let (c, s) = cs[((k + 1) * t) % NF];
            re += x * c;
            im += x * s;
        }
        *o = re * re + im * im;
    }
    out
}

/// Share of the power above the lowest frequencies held by the strongest bin and its
/// harmonics' neighbours: near 1 for evenly spaced marks (rays, dots, wheat ears),
/// low for glyphs.
fn peakiness(pw: &[f32; NF / 2]) -> f32 {
    let tot: f32 = pw[3..].iter().sum();
    if tot <= 1e-6 {
        return 0.0;
    }
    let (k, _) = pw[3..]
        .iter()
        .enumerate()
        .fold((0, -1.0f32), |b, (i, &x)| if x > b.1 { (i, x) } else { b });
    let k = k + 3;
    // The fundamental (bin k, frequency k + 1) with its neighbours and its harmonics.
    let f0 = k + 1;
    let mut e = 0.0f32;
    let mut m = f0;
    while m <= NF / 2 {
        for d in [m - 1, m, m + 1] {
            if (4..=NF / 2).contains(&d) {
                e += pw[d - 1];
            }
        }
        m += f0;
    }
    (e / tot).min(1.0)
}

/// Inputs describing the texture of the candidate ([`EXTRA_FEATURES`]):
/// - periodicity of the arc-text band (a fine polar grid, [`NF`] angles × [`NFR`]
///   radii from 0.50 to 0.85): the peakiness of its angular spectrum, averaged over the
///   band and the most periodic radius, and the highest autocorrelation after the
///   first zero (rays, dots and wheat repeat; glyphs do not);
/// - stroke orientation in the band: the share of edge strength whose gradient lies
///   0–22°, 22–45°, 45–67° and 67–90° from the radial direction (a ray's edges are
///   radial; a glyph has strokes both ways), and the edge strength per sample;
/// - a line of text through the centre (a date stamp): over four directions, the
///   largest variance of the inner disc's ink profile across lines relative to the
///   mean, the ink spread along the central line of that direction, and the central
///   ink;
/// - the star: the 5-fold share of the angular ink profile at 0.1–0.25 of the outline.
fn texture(mask: &[u8], w: usize, h: usize, o: &Outline) -> [f32; EXTRA_FEATURES] {
    let mut out = [0.0f32; EXTRA_FEATURES];
    let mut cs = [(0.0f32, 0.0f32); NF];
    for (t, c) in cs.iter_mut().enumerate() {
        let a = t as f32 / NF as f32 * std::f32::consts::TAU;
        *c = (a.cos(), a.sin());
    }
    // Fine grid of the band; edges from central differences one pixel apart.
    let mut grid = [[0.0f32; NF]; NFR];
    let mut hist = [0.0f32; 4];
    let mut edge = 0.0f32;
    let mut nsamp = 0usize;
    for (t, &(ct, st)) in cs.iter().enumerate() {
        for (r, row) in grid.iter_mut().enumerate() {
            let rho = 0.5 + 0.05 * r as f32;
            let (x, y) = o.at(rho, ct, st);
            let Some(v) = sample(mask, w, h, x, y) else {
                continue;
            };
            row[t] = v;
            nsamp += 1;
            let g = |dx: f32, dy: f32| sample(mask, w, h, x + dx, y + dy).unwrap_or(v);
            let (gx, gy) = (g(1.0, 0.0) - g(-1.0, 0.0), g(0.0, 1.0) - g(0.0, -1.0));
            let m = (gx * gx + gy * gy).sqrt();
            if m < 0.05 {
                continue;
            }
            let (rx, ry) = (x - o.cx, y - o.cy);
            let rn = (rx * rx + ry * ry).sqrt().max(1e-3);
            let c = ((gx * rx + gy * ry) / (m * rn)).abs().min(1.0);
            let ang = c.acos(); // 0: along the radius, π/2: across it
            let b = ((ang / std::f32::consts::FRAC_PI_2 * 4.0) as usize).min(3);
            hist[b] += m;
            edge += m;
        }
    }
    if nsamp == 0 {
        return out;
    }
    // Each row and the band's mean, less a moving average over ±8 angles.
    let highpass = |p: &[f32; NF]| -> [f32; NF] {
        let mut q = [0.0f32; NF];
        for (t, x) in q.iter_mut().enumerate() {
            let mut s = 0.0f32;
            for d in 0..17 {
                s += p[(t + NF + d - 8) % NF];
            }
            *x = p[t] - s / 17.0;
        }
        q
    };
    let mut mean = [0.0f32; NF];
    let mut best_row = 0.0f32;
    for row in &grid {
        for (m, x) in mean.iter_mut().zip(row) {
            *m += x / NFR as f32;
        }
        best_row = best_row.max(peakiness(&power(&highpass(row), &cs)));
    }
    let q = highpass(&mean);
    out[0] = peakiness(&power(&q, &cs));
    out[1] = best_row;
    let var: f32 = q.iter().map(|x| x * x).sum();
    if var > 1e-6 {
        let mut seen_neg = false;
        let mut best = 0.0f32;
        for lag in 2..=NF / 2 {
            let ac = (0..NF).map(|t| q[t] * q[(t + lag) % NF]).sum::<f32>() / var;
            if ac < 0.0 {
                seen_neg = true;
            } else if seen_neg {
                best = best.max(ac);
            }
        }
        out[2] = best;
    }
    let etot = edge.max(1e-6);
    for (o2, hv) in out[3..7].iter_mut().zip(&hist) {
        *o2 = hv / etot;
    }
    out[7] = edge / nsamp as f32;
    // Inner disc (0.75 of the outline's mean radius) on a 24 × 24 grid in the
    // picture's axes.
    const NG: usize = 24;
    let rad = (o.a * o.b).abs().sqrt() * 0.75;
    let mut cells: Vec<(f32, f32, f32)> = Vec::with_capacity(NG * NG);
    for i in 0..NG {
        for j in 0..NG {
            let (u, v) = (
                (j as f32 + 0.5) / NG as f32 * 2.0 - 1.0,
                (i as f32 + 0.5) / NG as f32 * 2.0 - 1.0,
            );
            if u * u + v * v > 1.0 {
                continue;
            }
            if let Some(x) = sample(mask, w, h, o.cx + u * rad, o.cy + v * rad) {
                cells.push((u, v, x));
            }
        }
    }
    let tot: f32 = cells.iter().map(|c| c.2).sum();
    if !cells.is_empty() && tot > 1e-3 {
        let mut vars = [0.0f32; 4];
        let mut spread = [0.0f32; 4];
        for (d, (vv, sp)) in vars.iter_mut().zip(spread.iter_mut()).enumerate() {
            let a = d as f32 * std::f32::consts::FRAC_PI_4;
            let (nx, ny) = (a.sin(), -a.cos()); // normal of lines at angle `a`
            let mut prof = [0.0f32; 12];
            let mut cnt = [0.0f32; 12];
            let (mut inked, mut n) = (0.0f32, 0.0f32);
            for &(u, v, x) in &cells {
                let s = u * nx + v * ny;
                let b = (((s + 1.0) * 6.0) as usize).min(11);
                prof[b] += x;
                cnt[b] += 1.0;
                if s.abs() < 0.2 {
                    n += 1.0;
                    if x >= 0.25 {
                        inked += 1.0;
                    }
                }
            }
            let ps: Vec<f32> = prof
                .iter()
                .zip(&cnt)
                .filter(|p| *p.1 > 0.0)
                .map(|p| p.0 / p.1)
                .collect();
            let m = ps.iter().sum::<f32>() / ps.len().max(1) as f32;
            *vv = ps.iter().map(|x| (x - m) * (x - m)).sum::<f32>()
                / ps.len().max(1) as f32
                / (m * m).max(1e-6);
            // Spread along the central line: the inked share of its cells, counted
            // across (a line of digits fills it from side to side; a star does not).
            *sp = inked / n.max(1.0);
        }
        let (bi, bv) = vars
            .iter()
            .enumerate()
            .fold((0, -1.0f32), |b, (i, &x)| if x > b.1 { (i, x) } else { b });
        let mv = vars.iter().sum::<f32>() / 4.0;
        out[8] = (bv / mv.max(1e-6)).min(4.0);
        out[9] = spread[bi];
        out[10] = tot / cells.len() as f32;
    }
    // The star: 5-fold share of the core's angular profile.
    let mut core = [0.0f32; NF];
    for (t, &(ct, st)) in cs.iter().enumerate() {
        for k in 0..4 {
            let (x, y) = o.at(0.1 + 0.05 * k as f32, ct, st);
            core[t] += sample(mask, w, h, x, y).unwrap_or(0.0);
        }
    }
    let cm = core.iter().sum::<f32>() / NF as f32;
    if cm > 1e-3 {
        for x in core.iter_mut() {
            *x -= cm;
        }
        let pw = power(&core, &cs);
        let tot: f32 = pw.iter().sum();
        if tot > 1e-6 {
            out[11] = (pw[4] + pw[9]) / tot;
        }
    }
    out
}

/// One node of a tree: a split (`x[feature] <= threshold` goes to `left`) or a leaf.
#[derive(Debug, Clone, Copy)]
enum Node {
    Split {
        feature: usize,
        threshold: f64,
        left: usize,
        right: usize,
    },
    Leaf(f64),
}

/// Gradient-boosted trees: the score is `base` plus one leaf value per tree, the
/// probability its logistic.
struct Model {
    base: f64,
    /// Inputs the trees read: [`BASE_FEATURES`] or [`FEATURES`].
    inputs: usize,
    trees: Vec<Vec<Node>>,
}

/// Most nodes visited in one tree (a guard against a cycle in a damaged file).
const MAX_DEPTH: usize = 64;

const WEIGHTS: &str = include_str!("verify_weights.txt");

/// Parses the committed model (format in its header comment). `None` when it does
/// not match [`FEATURES`] or a node points outside its tree.
fn parse(text: &str) -> Option<Model> {
    parse_for(text, &[FEATURES, BASE_FEATURES])
}

/// Parses the committed square model: as [`parse`], for [`SQUARE_FEATURES`] inputs.
fn parse_square(text: &str) -> Option<Model> {
    parse_for(text, &[SQUARE_FEATURES])
}

/// Parses a model whose number of inputs is one of `allowed`.
fn parse_for(text: &str, allowed: &[usize]) -> Option<Model> {
    let mut base = None;
    let mut inputs = None;
    let mut trees: Vec<Vec<Node>> = Vec::new();
    for line in text.lines() {
        let mut w = line.split_whitespace();
        match w.next() {
            Some("inputs") => inputs = w.next()?.parse::<usize>().ok(),
            Some("base") => base = w.next()?.parse::<f64>().ok(),
            Some("tree") => trees.push(Vec::new()),
            Some("leaf") => trees.last_mut()?.push(Node::Leaf(w.next()?.parse().ok()?)),
            Some("split") => {
                let feature = w.next()?.parse().ok()?;
                let threshold = w.next()?.parse().ok()?;
                let left = w.next()?.parse().ok()?;
                let right = w.next()?.parse().ok()?;
                trees.last_mut()?.push(Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                });
            }
            _ => {}
        }
    }
    let inputs = inputs.filter(|n| allowed.contains(n))?;
    if trees.is_empty() {
        return None;
    }
    for t in &trees {
        for n in t {
            if let Node::Split {
                feature,
                left,
                right,
                ..
            } = *n
            {
                if feature >= inputs || left >= t.len() || right >= t.len() {
                    return None;
                }
            }
        }
    }
    Some(Model {
        base: base?,
        inputs,
        trees,
    })
}

static MODEL: OnceLock<Option<Model>> = OnceLock::new();

fn model() -> Option<&'static Model> {
    MODEL.get_or_init(|| parse(WEIGHTS)).as_ref()
}

/// The square model (`verify_square_weights.txt`): trees of the same format fitted by
/// `scripts/seal-set/train_verifier.py --square` on square candidates of training data
/// only.
const SQUARE_WEIGHTS: &str = include_str!("verify_square_weights.txt");

static SQUARE_MODEL: OnceLock<Option<Model>> = OnceLock::new();

fn square_model() -> Option<&'static Model> {
    SQUARE_MODEL
        .get_or_init(|| parse_square(SQUARE_WEIGHTS))
        .as_ref()
}

/// Whether a square model is in use.
pub(crate) fn has_square_model() -> bool {
    square_model().is_some()
}

/// As [`use_weights`], for the square model.
#[doc(hidden)]
pub fn use_square_weights(text: &str) -> bool {
    set_weights(&SQUARE_MODEL, text, parse_square)
}

/// For the evaluation and dump examples only: judge with the model in `text` (the
/// format of the committed weights) instead of the built-in one, so that a retrained
/// model is measured without rebuilding; an empty `text` (blank lines and comments
/// only) leaves the rules alone to decide, as a build with an empty weights file
/// does. Must be called before the first judgement; false when `text` is not a model
/// for these inputs or a model is already in use.
#[doc(hidden)]
pub fn use_weights(text: &str) -> bool {
    set_weights(&MODEL, text, parse)
}

/// Puts the model `parse` reads from `text` in `cell` (none when `text` holds blank
/// lines and comments only); false when `text` is not a model or `cell` is set.
pub(crate) fn set_weights<T>(
    cell: &OnceLock<Option<T>>,
    text: &str,
    parse: fn(&str) -> Option<T>,
) -> bool {
    let blank = text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'));
    if blank {
        return cell.set(None).is_ok();
    }
    match parse(text) {
        Some(m) => cell.set(Some(m)).is_ok(),
        None => false,
    }
}

/// The verifier's score (0..1) for a candidate with these features, calibrated so
/// that [`super::detect::THRESHOLD`] is the operating point chosen on the tuning data;
/// `None` when no model is built in.
pub(crate) fn probability(f: &[f32]) -> Option<f32> {
    if f.len() != FEATURES {
        return None;
    }
    Some(logistic(log_odds(model()?, f)))
}

/// Weight of the square rules' score (`super::detect`'s own judgement of a 名章) in
/// the square model's log-odds: the trees learned the training families' squares, the
/// rules describe any 名章 (a frame or a block, glyphs in every quarter, no rule
/// across), and their score moves the trees' by at most ±1.5. Chosen with the
/// operating point on the validation sets (`docs/benchmarks-seal.md`).
pub(crate) const SQUARE_RULES_WEIGHT: f64 = 3.0;

/// The square model's score (0..1) for a square outline with these inputs
/// ([`SQUARE_FEATURES`]) and the square rules' score `rules`, calibrated as
/// [`probability`]; `None` when no square model is built in.
pub(crate) fn square_probability(f: &[f32], rules: f32) -> Option<f32> {
    if f.len() != SQUARE_FEATURES {
        return None;
    }
    let z = log_odds(square_model()?, f) + SQUARE_RULES_WEIGHT * (f64::from(rules) - 0.5);
    Some(logistic(z))
}

fn logistic(z: f64) -> f32 {
    (1.0 / (1.0 + (-z).exp())) as f32
}

/// The trees' summed score; `f` holds at least the model's inputs.
fn log_odds(m: &Model, f: &[f32]) -> f64 {
    let mut z = m.base;
    for t in &m.trees {
        let mut k = 0;
        for _ in 0..MAX_DEPTH {
            match t.get(k) {
                Some(Node::Leaf(v)) => {
                    z += v;
                    break;
                }
                Some(Node::Split {
                    feature,
                    threshold,
                    left,
                    right,
                }) => {
                    let x = f.get(*feature).copied().unwrap_or(f32::NAN);
                    k = if x.is_finite() && (x as f64) <= *threshold {
                        *left
                    } else {
                        *right
                    };
                }
                None => break,
            }
        }
    }
    z
}

/// Whether tracing is on.
pub(crate) fn tracing() -> bool {
    TRACING.load(Ordering::Relaxed)
}

/// Records a judged candidate when tracing is on (`square`: a square outline, `f` the
/// square model's inputs).
pub(crate) fn trace(legacy: f32, f: &[f32], grid: &[f32], square: bool) {
    if !TRACING.load(Ordering::Relaxed) {
        return;
    }
    let q = grid
        .iter()
        .map(|x| (x.clamp(0.0, 1.0) * 255.0).round() as u8)
        .collect();
    if let Ok(mut t) = TRACE.lock() {
        if let Some(v) = t.as_mut() {
            v.push((legacy, f.to_vec(), false, q, square));
        }
    }
}

/// How many candidates are traced so far (0 when tracing is off): pass it to
/// [`trace_end`] after judging one outline.
pub(crate) fn trace_mark() -> usize {
    if !TRACING.load(Ordering::Relaxed) {
        return 0;
    }
    TRACE
        .lock()
        .ok()
        .and_then(|t| t.as_ref().map(Vec::len))
        .unwrap_or(0)
}

/// Marks every candidate traced since `mark` ([`trace_mark`]) as an end of a joined
/// part or a circle inside one: an outline judged twice (as a circle or the moments'
/// ellipse, and as the conic) is traced twice, and both judgements are an end's.
pub(crate) fn trace_end(mark: usize) {
    if !TRACING.load(Ordering::Relaxed) {
        return;
    }
    if let Ok(mut t) = TRACE.lock() {
        if let Some(v) = t.as_mut() {
            for c in v.iter_mut().skip(mark) {
                c.2 = true;
            }
        }
    }
}

/// Forgets the candidate traced last: a judgement the search then sets aside (an
/// oval's conic judgement without arc text or a star) is no candidate it decides on.
pub(crate) fn trace_forget_last() {
    if !TRACING.load(Ordering::Relaxed) {
        return;
    }
    if let Ok(mut t) = TRACE.lock() {
        if let Some(v) = t.as_mut() {
            v.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 200 × 200 mask with a ring of radius 80 around (100, 100) and the marks
    /// `marks(x, y)` inside it.
    fn mask_with(marks: impl Fn(f32, f32) -> bool) -> Vec<u8> {
        let mut m = vec![0u8; 200 * 200];
        for y in 0..200 {
            for x in 0..200 {
                let (dx, dy) = (x as f32 - 100.0, y as f32 - 100.0);
                let r = (dx * dx + dy * dy).sqrt();
                if (76.0..=82.0).contains(&r) || marks(dx, dy) {
                    m[y * 200 + x] = 2;
                }
            }
        }
        m
    }

    fn outline() -> Outline {
        Outline {
            cx: 100.0,
            cy: 100.0,
            a: 80.0,
            b: 80.0,
            phi: 0.0,
            square: false,
        }
    }

    #[test]
    fn evenly_spaced_dots_are_more_periodic_than_uneven_marks() {
        let dots = mask_with(|dx, dy| {
            (0..24).any(|i| {
                let t = i as f32 / 24.0 * std::f32::consts::TAU;
                let (x, y) = (56.0 * t.cos(), 56.0 * t.sin());
                (dx - x).powi(2) + (dy - y).powi(2) < 16.0
            })
        });
        // Marks of uneven size at uneven angles over the upper 240°, as glyphs are.
        let uneven = mask_with(|dx, dy| {
            let angles = [
                0.0f32, 0.31, 0.5, 0.93, 1.2, 1.62, 1.8, 2.37, 2.6, 3.1, 3.3, 3.9,
            ];
            angles.iter().enumerate().any(|(i, a)| {
                let t = -std::f32::consts::PI * 0.17 - a;
                let (x, y) = (56.0 * t.cos(), 56.0 * t.sin());
                let s = 3.0 + (i * 7 % 5) as f32 * 1.6;
                (dx - x).abs() < s && (dy - y).abs() < 9.0 - s * 0.6
            })
        });
        let fd = texture(&dots, 200, 200, &outline());
        let fu = texture(&uneven, 200, 200, &outline());
        assert!(fd[0] > fu[0] + 0.2, "{:?} {:?}", fd[0], fu[0]);
        assert!(fd[2] > fu[2], "{:?} {:?}", fd[2], fu[2]);
    }

    #[test]
    fn a_line_of_digits_through_the_centre_is_seen() {
        let line =
            mask_with(|dx, dy| dy.abs() < 8.0 && dx.abs() < 50.0 && (dx as i32).rem_euclid(9) < 5);
        let star = mask_with(|dx, dy| dx * dx + dy * dy < 400.0);
        let fl = texture(&line, 200, 200, &outline());
        let fs = texture(&star, 200, 200, &outline());
        assert!(fl[9] > fs[9], "{:?} {:?}", fl[9], fs[9]);
        assert!(fl[8] > fs[8], "{:?} {:?}", fl[8], fs[8]);
    }

    #[test]
    fn weights_of_the_first_inputs_still_read() {
        let tree = "tree\nsplit 3 0.5 1 2\nleaf -1\nleaf 1\n";
        assert!(parse(&format!("inputs {BASE_FEATURES}\nbase 0\n{tree}")).is_some());
        assert!(parse(&format!("inputs {FEATURES}\nbase 0\n{tree}")).is_some());
        assert!(parse(&format!("inputs 7\nbase 0\n{tree}")).is_none());
        let late = format!(
            "inputs {BASE_FEATURES}\nbase 0\ntree\nsplit {} 0.5 1 2\nleaf -1\nleaf 1\n",
            BASE_FEATURES + 1
        );
        assert!(parse(&late).is_none());
    }

    #[test]
    fn the_square_model_reads_its_own_inputs_and_weighs_the_rules() {
        // The committed square model reads and takes the square inputs only; a round
        // verifier's file is no square model, nor the reverse.
        let built_in = parse_square(SQUARE_WEIGHTS);
        assert!(built_in.is_some());
        let tree = "tree\nsplit 3 0.5 1 2\nleaf -1\nleaf 1\n";
        assert!(parse_square(&format!("inputs {FEATURES}\nbase 0\n{tree}")).is_none());
        assert!(parse(&format!("inputs {SQUARE_FEATURES}\nbase 0\n{tree}")).is_none());
        // The square rules' score moves the trees' log-odds by the documented weight.
        let f = vec![0.0f32; SQUARE_FEATURES];
        assert_eq!(square_probability(&f[1..], 0.5), None);
        let m = built_in.expect("parsed above");
        let z = log_odds(&m, &f);
        let high = square_probability(&f, 1.0).expect("a model is built in");
        let low = square_probability(&f, 0.0).expect("a model is built in");
        assert!((high - logistic(z + SQUARE_RULES_WEIGHT / 2.0)).abs() < 1e-6);
        assert!((low - logistic(z - SQUARE_RULES_WEIGHT / 2.0)).abs() < 1e-6);
    }

    #[test]
    fn an_end_judged_twice_is_traced_as_an_end_both_times() {
        // An outline judged as a circle and as a conic traces two candidates: both
        // are an end's when the outline is an end of a joined part, and a candidate
        // traced before it is not; a judgement set aside is forgotten.
        if let Ok(mut t) = TRACE.lock() {
            *t = Some(Vec::new());
        }
        TRACING.store(true, Ordering::Relaxed);
        trace(0.5, &[1.0], &[], false);
        let mark = trace_mark();
        trace(0.6, &[2.0], &[], false);
        trace(0.7, &[3.0], &[], false);
        trace_end(mark);
        trace(0.8, &[4.0], &[], false);
        trace_forget_last();
        TRACING.store(false, Ordering::Relaxed);
        let got = TRACE
            .lock()
            .ok()
            .and_then(|mut t| t.take())
            .unwrap_or_default();
        // (Judgements of other tests running meanwhile have full input vectors.)
        let flags: Vec<(f32, bool)> = got
            .iter()
            .filter(|c| c.1.len() == 1)
            .map(|c| (c.1[0], c.2))
            .collect();
        assert_eq!(flags, vec![(1.0, false), (2.0, true), (3.0, true)]);
    }
}
