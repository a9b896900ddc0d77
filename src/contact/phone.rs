//! Phone numbers as people type them: `(415) 555-0123`, `+44 20 7946 0958`,
//! `020 7946 0958` read for a region. The API takes E.164 only, so the form,
//! the diff and the lookups all go through [`normalise`].

use rlibphonenumber::{
    NumberLengthType, PHONE_NUMBER_UTIL, ParseError, PhoneNumber, PhoneNumberFormat,
};
use std::fmt;

/// The country a number without its own `+` code is read for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Region {
    id: rlibphonenumber::Region,
    /// The two upper-case ASCII letters of `id`, kept so [`Region::code`]
    /// can lend them.
    letters: [u8; 2],
}

impl Default for Region {
    fn default() -> Self {
        Region {
            id: rlibphonenumber::Region::US,
            letters: *b"US",
        }
    }
}

/// A region setting that names no country the phone metadata knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRegion(pub String);

impl fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = crate::safe_text::sanitize(&self.0);
        write!(
            f,
            "region \"{code}\" is not a country code privy-edit knows; \
             use a two-letter code such as \"US\" or \"GB\""
        )
    }
}

impl std::error::Error for UnknownRegion {}

impl Region {
    /// A two-letter country code, in either case (`gb` is `GB`).
    pub fn parse(code: &str) -> Result<Region, UnknownRegion> {
        let unknown = || UnknownRegion(code.to_string());
        let upper = code.trim().to_ascii_uppercase();
        let &[first, second] = upper.as_bytes() else {
            return Err(unknown());
        };
        if !(first.is_ascii_uppercase() && second.is_ascii_uppercase()) {
            return Err(unknown());
        }
        // Every pair of letters is a `rlibphonenumber::Region`; only those
        // with a calling code are countries.
        let id = rlibphonenumber::Region::from_code(&upper).map_err(|_| unknown())?;
        PHONE_NUMBER_UTIL
            .get_country_code_for_region(id)
            .map(|_| Region {
                id,
                letters: [first, second],
            })
            .ok_or_else(unknown)
    }

    fn of(id: rlibphonenumber::Region) -> Option<Region> {
        Region::parse(&id.as_region_str()).ok()
    }

    /// The two-letter code, e.g. `GB`.
    pub fn code(&self) -> &str {
        // Built from two ASCII letters, so always UTF-8.
        std::str::from_utf8(&self.letters).unwrap_or("??")
    }

    /// How a sentence names the country: "the US", "Germany"; the code
    /// for countries without a name here.
    pub fn name(&self) -> &str {
        COUNTRY_NAMES
            .iter()
            .find(|(code, _)| *code == self.code())
            .map_or(self.code(), |(_, name)| name)
    }

    fn calling_code(&self) -> Option<i32> {
        PHONE_NUMBER_UTIL.get_country_code_for_region(self.id)
    }
}

/// The countries support staff meet most; others are named by their code.
const COUNTRY_NAMES: [(&str, &str); 24] = [
    ("US", "the US"),
    ("GB", "the UK"),
    ("CA", "Canada"),
    ("AU", "Australia"),
    ("NZ", "New Zealand"),
    ("IE", "Ireland"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("ES", "Spain"),
    ("IT", "Italy"),
    ("NL", "the Netherlands"),
    ("BE", "Belgium"),
    ("CH", "Switzerland"),
    ("AT", "Austria"),
    ("SE", "Sweden"),
    ("NO", "Norway"),
    ("DK", "Denmark"),
    ("PL", "Poland"),
    ("PT", "Portugal"),
    ("MX", "Mexico"),
    ("BR", "Brazil"),
    ("IN", "India"),
    ("JP", "Japan"),
    ("ZA", "South Africa"),
];

/// Why typed text is not a phone number the API would take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhoneProblem {
    /// It can't be a valid number for `country` (the region's, or the
    /// number's own `+` code's). `e164` is its E.164 form when it has a
    /// possible length: an exact-match lookup may still find a contact
    /// stored that way.
    Invalid {
        country: Region,
        e164: Option<String>,
    },
    /// `+` and a calling code no country has.
    UnknownCountryCode,
}

/// How the message shows an example with the country code.
const EXAMPLE: &str = "+1 415 555 0123";

impl fmt::Display for PhoneProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PhoneProblem::Invalid { country, .. } => write!(
                f,
                "This doesn't look like a valid phone number for {}. \
                 Include the country code, like {EXAMPLE} (E.164).",
                country.name()
            ),
            PhoneProblem::UnknownCountryCode => write!(
                f,
                "This phone number's country code is not one any country uses. \
                 Include the country code, like {EXAMPLE} (E.164)."
            ),
        }
    }
}

impl PhoneProblem {
    /// The E.164 form of a number that parsed but isn't valid, for lookups.
    pub fn e164(&self) -> Option<&str> {
        match self {
            PhoneProblem::Invalid { e164, .. } => e164.as_deref(),
            PhoneProblem::UnknownCountryCode => None,
        }
    }
}

/// Loads the phone metadata and the region's patterns (once per process),
/// so the first key typed in the Phone field costs no more than the next.
/// Meant for a background thread.
pub fn warm_up(region: Region) {
    let _ = normalise("(415) 555-0123", region);
}

/// Longer than any number a person types, with room for punctuation.
const MAX_TYPED: usize = 40;

/// Whether `text` is written the way people write phone numbers: digits,
/// spaces, dashes, dots, parentheses, and `+` only at the start.
pub fn looks_like_phone(text: &str) -> bool {
    let text = text.trim();
    let body = text.strip_prefix('+').unwrap_or(text);
    text.len() <= MAX_TYPED
        && body.bytes().any(|b| b.is_ascii_digit())
        && body
            .bytes()
            .all(|b| b.is_ascii_digit() || b" -.()".contains(&b))
}

/// The E.164 form of a typed number: its own `+` country code, else read
/// for `region`. Anything that can't be a valid number there is a problem
/// worded for the person who typed it.
pub fn normalise(text: &str, region: Region) -> Result<String, PhoneProblem> {
    let invalid = |country, e164| PhoneProblem::Invalid { country, e164 };
    // Only the characters people type reach the parser: letters, extensions
    // and anything exotic are refused here.
    if !looks_like_phone(text) {
        return Err(invalid(region, None));
    }
    let typed = without_trunk_zero(text);
    let number = match PHONE_NUMBER_UTIL.parse(typed.trim(), Some(region.id)) {
        Ok(number) => number,
        Err(ParseError::InvalidCountryCode) => return Err(PhoneProblem::UnknownCountryCode),
        Err(_) => return Err(invalid(country_of_text(text, region), None)),
    };
    let e164 = number.format_as(PhoneNumberFormat::E164).into_owned();
    if number.is_valid() {
        Ok(e164)
    } else {
        let possible = has_possible_length(&number).then_some(e164);
        Err(invalid(country_of(&number, region), possible))
    }
}

/// Whether the number has as many digits as a whole number under its
/// calling code: `+1 555 123 4567` does (its area code is unassigned),
/// `+1 415 555 01` does not, and neither does a US number without its area
/// code, which only dials locally.
fn has_possible_length(number: &PhoneNumber) -> bool {
    matches!(
        number.is_possible_with_reason(),
        Ok(NumberLengthType::IsPossible)
    )
}

/// `+44 (0)20 …`: the `(0)` is the trunk prefix dialled at home, written
/// for readers at home and abroad; it is never part of the number.
fn without_trunk_zero(text: &str) -> std::borrow::Cow<'_, str> {
    if text.trim_start().starts_with('+') && text.contains("(0)") {
        text.replacen("(0)", "", 1).into()
    } else {
        text.into()
    }
}

/// The country a parsed number belongs to: its own, or the main country of
/// its calling code, or (for a national number) the region.
fn country_of(number: &PhoneNumber, region: Region) -> Region {
    if let Some(own) = number.get_region_code().and_then(Region::of) {
        return own;
    }
    let code = number.country_code;
    if region.calling_code() == Some(code) {
        return region;
    }
    main_country_for(code).unwrap_or(region)
}

/// For text the parser refused: the country of its `+` code, if it names one.
fn country_of_text(text: &str, region: Region) -> Region {
    let Some(rest) = text.trim().strip_prefix('+') else {
        return region;
    };
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    // Calling codes are one to three digits and prefix-free.
    (1..=3.min(digits.len()))
        .find_map(|n| digits[..n].parse().ok().and_then(main_country_for))
        .unwrap_or(region)
}

fn main_country_for(code: i32) -> Option<Region> {
    PHONE_NUMBER_UTIL
        .get_region_for_country_code(code)
        .and_then(Region::of)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(code: &str) -> Region {
        Region::parse(code).expect("a known region")
    }

    fn us() -> Region {
        Region::default()
    }

    #[test]
    fn us_national_numbers_become_e164() {
        for typed in [
            "(415) 555-0123",
            "415-555-0123",
            "415.555.0123",
            "415 555 0123",
            "4155550123",
            "1 (415) 555-0123",
            "  (415) 555-0123  ",
        ] {
            assert_eq!(
                normalise(typed, us()),
                Ok("+14155550123".to_string()),
                "{typed}"
            );
        }
    }

    #[test]
    fn a_number_with_its_own_country_code_ignores_the_region() {
        for (typed, want) in [
            ("+44 20 7946 0958", "+442079460958"),
            ("+44 (0)20 7946 0958", "+442079460958"),
            ("+44-20-7946-0958", "+442079460958"),
            ("+1.415.555.0123", "+14155550123"),
            ("+14155550123", "+14155550123"),
        ] {
            assert_eq!(normalise(typed, us()), Ok(want.to_string()), "{typed}");
            assert_eq!(
                normalise(typed, region("DE")),
                Ok(want.to_string()),
                "{typed}"
            );
        }
    }

    #[test]
    fn uk_national_numbers_need_region_gb() {
        let gb = region("gb");
        assert_eq!(gb.code(), "GB");
        assert_eq!(
            normalise("020 7946 0958", gb),
            Ok("+442079460958".to_string())
        );
        assert_eq!(
            normalise("07911 123456", gb),
            Ok("+447911123456".to_string())
        );
        // Read as a US number it can't be valid.
        assert!(normalise("020 7946 0958", us()).is_err());
    }

    #[test]
    fn invalid_numbers_are_worded_for_their_country() {
        let us_message = "This doesn't look like a valid phone number for the US. \
                          Include the country code, like +1 415 555 0123 (E.164).";
        for typed in [
            "555-1234",
            "(415) 555-01",
            "415 555 01234 5",
            "+1 555 123 4567",
            "call me",
            "415-555-0123 ext 7",
            "+1 (415) 555-0123+",
            "",
            "   ",
        ] {
            let problem = normalise(typed, us()).expect_err(typed);
            assert_eq!(problem.to_string(), us_message, "{typed}");
        }
        let uk = normalise("+44 20 7946 09", us()).expect_err("too short");
        assert!(
            uk.to_string()
                .starts_with("This doesn't look like a valid phone number for the UK."),
            "{uk}"
        );
        let de = normalise("030 12", region("DE")).expect_err("too short");
        assert!(de.to_string().contains("for Germany."), "{de}");
        let unnamed = normalise("12", region("FJ")).expect_err("too short");
        assert!(unnamed.to_string().contains("for FJ."), "{unnamed}");
        let nobody = normalise("+999 1234 5678", us()).expect_err("no such code");
        assert_eq!(nobody, PhoneProblem::UnknownCountryCode);
        assert!(nobody.to_string().contains("+1 415 555 0123"), "{nobody}");
    }

    #[test]
    fn an_invalid_number_that_parses_keeps_its_e164_form_for_lookups() {
        let problem = normalise("(555) 123-4567", us()).expect_err("no such area code");
        assert_eq!(problem.e164(), Some("+15551234567"));
        assert_eq!(normalise("call me", us()).expect_err("text").e164(), None);
        assert_eq!(
            normalise("(415) 555-01", us()).expect_err("short").e164(),
            None
        );
    }

    #[test]
    fn regions_are_two_letter_codes_the_metadata_knows() {
        assert_eq!(Region::parse(" us "), Ok(Region::default()));
        assert_eq!(region("GB").name(), "the UK");
        for bad in ["XX", "ZZ", "USA", "U", "", "1A", "G\u{1b}"] {
            let err = Region::parse(bad).expect_err(bad);
            assert_eq!(err, UnknownRegion(bad.to_string()));
            let message = err.to_string();
            assert!(message.contains("is not a country code"), "{message}");
            assert!(message.contains("\"US\" or \"GB\""), "{message}");
            assert!(!message.contains('\u{1b}'), "{message:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn anything_typed_is_answered_without_panicking(
            typed in "[+]?[0-9 ().+-]{0,45}|\\PC{0,20}",
            code in proptest::sample::select(&["US", "GB", "DE", "IN", "FJ"][..]),
        ) {
            match normalise(&typed, region(code)) {
                Ok(e164) => proptest::prop_assert!(crate::contact::is_valid_e164(&e164)),
                Err(problem) => proptest::prop_assert!(problem.to_string().contains("+1 415 555 0123")),
            }
        }
    }

    #[test]
    fn phone_shapes() {
        for yes in ["(415) 555-0123", "+44 20 7946 0958", "415.555.0123", "7"] {
            assert!(looks_like_phone(yes), "{yes}");
        }
        for no in ["+", "()", "cus_a1b2", "jane@example.com", "1+1", "٣٣٣"] {
            assert!(!looks_like_phone(no), "{no}");
        }
    }
}
