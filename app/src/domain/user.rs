//! The people of an organisation, as the pipeline shows them: salespeople an opportunity can be
//! assigned to.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: Uuid,
    pub name: String,
    pub email: String,
}

impl User {
    /// Up to two initials, for the avatar on a card: "Nguyễn Thu Trang" → "NT".
    pub fn initials(&self) -> String {
        let words: Vec<&str> = self.name.split_whitespace().collect();
        let picked: Vec<&str> = match words.as_slice() {
            [] => vec![],
            [one] => vec![one],
            [first, .., last] => vec![first, last],
        };
        picked
            .iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_are_the_first_and_last_names_first_letters() {
        let user = |name: &str| User {
            id: Uuid::nil(),
            name: name.into(),
            email: String::new(),
        };
        assert_eq!(user("Nguyễn Thu Trang").initials(), "NT");
        assert_eq!(user("emily carter").initials(), "EC");
        assert_eq!(user("Đặng").initials(), "Đ");
        assert_eq!(user("  ").initials(), "");
    }
}
