//! Chinese numerals, in one place: the digits (`〇`/`○`/`零`, `一`…`九`, and `两` for
//! two) and small numbers written in words (`十二`, `二十三`, `廿八`). File names give
//! question numbers this way (`第十二题`), documents give dates (`二○二二年十二月`).
//! A ground-floor module: it imports nothing of the crate.

/// The value of one Chinese digit. `〇` (U+3007) and `○` (U+25CB, the circle people
/// type for it) and `零` are 0; `两` is 2.
pub fn digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

/// A whole number from 1 to 99 written in words: `五`, `十`, `十二`, `二十`, `二十三`,
/// and the day forms `廿八` (28), `卅一` (31). `None` for anything else (`十十`, `〇`).
pub fn small(s: &str) -> Option<u32> {
    let chars: Vec<char> = s.chars().collect();
    let (tens, rest): (u32, &[char]) = match chars.as_slice() {
        ['廿', rest @ ..] => (2, rest),
        ['卅', rest @ ..] => (3, rest),
        [t, '十', rest @ ..] => (digit(*t)?, rest),
        ['十', rest @ ..] => (1, rest),
        all => (0, all),
    };
    let ones = match rest {
        [] if tens > 0 => 0,
        [d] => digit(*d)?,
        _ => return None,
    };
    let v = tens * 10 + ones;
    (v > 0).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_of_both_kinds_of_zero_and_two() {
        for (c, v) in [
            ('〇', 0),
            ('○', 0),
            ('零', 0),
            ('二', 2),
            ('两', 2),
            ('九', 9),
        ] {
            assert_eq!(digit(c), Some(v), "{c}");
        }
        for c in ['十', 'O', '0', 'a', '廿'] {
            assert_eq!(digit(c), None, "{c}");
        }
    }

    #[test]
    fn small_numbers() {
        for (s, v) in [
            ("五", 5),
            ("两", 2),
            ("十", 10),
            ("十二", 12),
            ("二十", 20),
            ("两十", 20),
            ("二十三", 23),
            ("三十一", 31),
            ("廿八", 28),
            ("卅", 30),
            ("九十九", 99),
        ] {
            assert_eq!(small(s), Some(v), "{s}");
        }
        for s in ["", "〇", "十十", "一二", "二十三四", "百"] {
            assert_eq!(small(s), None, "{s}");
        }
    }
}
