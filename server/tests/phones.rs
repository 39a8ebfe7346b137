//! Rapport writes phone numbers in full international form (E.164) with its own rule, which the
//! browser can afford (`domain::duplicates::e164`); here it is checked against the `phonenumber`
//! crate (Google's libphonenumber metadata) on the ways people of our markets write numbers.

use app::domain::duplicates::e164;

#[test]
fn our_international_form_agrees_with_libphonenumber_in_our_markets() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "VN",
            "84",
            &[
                "0901234567",
                "090 123 4567",
                "(090) 123-4567",
                "+84 90 123 4567",
                "0084901234567",
                "028 3822 1234",
                "+84 28 3822 1234",
                "0912.345.678",
            ],
        ),
        (
            "TH",
            "66",
            &[
                "081 234 5678",
                "+66 81 234 5678",
                "02 123 4567",
                "001 66 2 123 4567",
            ],
        ),
        (
            "CN",
            "86",
            &[
                "138 0013 8000",
                "+86 138 0013 8000",
                "010 8888 6666",
                "0086 10 8888 6666",
            ],
        ),
        (
            "IR",
            "98",
            &[
                "0912 345 6789",
                "+98 912 345 6789",
                "021 8888 7777",
                "0098 21 8888 7777",
            ],
        ),
    ];
    for (country, code, written) in cases {
        let region: phonenumber::country::Id = country.parse().unwrap();
        for text in *written {
            let theirs = phonenumber::parse(Some(region), text)
                .unwrap_or_else(|e| panic!("{country} {text}: {e}"))
                .format()
                .mode(phonenumber::Mode::E164)
                .to_string();
            assert_eq!(
                e164(text, Some(code)).as_deref(),
                Some(theirs.as_str()),
                "{country} {text}"
            );
        }
    }
}
