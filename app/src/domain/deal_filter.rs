//! What the board is narrowed to: words searched in a deal and what hangs on it, whose it is,
//! a tag, and how its activities stand. Pure, so the board, its tests and later any list of
//! deals read it the same way.

use uuid::Uuid;

use super::Opportunity;
use super::activity::Due;
use super::duplicates::fold;

/// Whose deals are kept.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Owner {
    #[default]
    Anyone,
    /// The person looking.
    Me,
    Person(Uuid),
}

/// The board's filter; the default keeps every deal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DealFilter {
    /// Every word must be found, without accents or case, in the title, the customer, the
    /// company, the contact's name, the email, the phone (its digits) or the description.
    pub words: String,
    pub owner: Owner,
    pub tag: Option<Uuid>,
    /// Deals whose most urgent open activity is overdue, or due today.
    pub due: Option<Due>,
    /// Only deals rotting: no change for their stage's rotting days.
    pub rotting: bool,
}

/// How a deal stands today, beside its own fields: its most urgent open activity's state, and
/// whether it is rotting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Standing {
    pub due: Option<Due>,
    pub rotting: bool,
}

/// The deal's words as searched: its own text and the names it links to, folded.
pub struct Searched {
    text: String,
    digits: String,
}

impl Searched {
    /// `linked`: the names and emails of its contact and company; `phones`: their phones.
    pub fn of<'a>(
        o: &Opportunity,
        linked: impl IntoIterator<Item = &'a str>,
        phones: impl IntoIterator<Item = &'a str>,
    ) -> Searched {
        let mut text = [
            o.title.as_str(),
            &o.customer_name,
            &o.company_name,
            &o.email,
            &o.description,
        ]
        .join(" ");
        for name in linked {
            text.push(' ');
            text.push_str(name);
        }
        let mut digits: String = o.phone.chars().filter(char::is_ascii_digit).collect();
        for phone in phones {
            digits.push(' ');
            digits.extend(phone.chars().filter(char::is_ascii_digit));
        }
        Searched {
            text: fold(&text),
            digits,
        }
    }
}

impl DealFilter {
    /// Whether it keeps every deal.
    pub fn is_empty(&self) -> bool {
        !self.searches()
            && self.owner == Owner::Anyone
            && self.tag.is_none()
            && self.due.is_none()
            && !self.rotting
    }

    /// Whether it searches words (then `keeps` needs the deal's `Searched`).
    pub fn searches(&self) -> bool {
        !self.words.trim().is_empty()
    }

    /// Whether it keeps `o`: `me` is the person looking, `standing` how the deal stands today,
    /// `searched` its words (needed only when `searches`).
    pub fn keeps(
        &self,
        o: &Opportunity,
        me: Option<Uuid>,
        standing: Standing,
        searched: Option<&Searched>,
    ) -> bool {
        let due = standing.due;
        let owner = match self.owner {
            Owner::Anyone => true,
            Owner::Me => me.is_some() && o.salesperson_id == me,
            Owner::Person(id) => o.salesperson_id == Some(id),
        };
        let tag = self.tag.is_none_or(|t| o.tag_ids.contains(&t));
        let activity = match self.due {
            None => true,
            Some(Due::Overdue) => due == Some(Due::Overdue),
            Some(wanted) => {
                due == Some(wanted) || (wanted == Due::Today && due == Some(Due::Overdue))
            }
        };
        let rotting = !self.rotting || standing.rotting;
        owner
            && tag
            && activity
            && rotting
            && (!self.searches() || searched.is_some_and(|s| self.found_in(s)))
    }

    fn found_in(&self, s: &Searched) -> bool {
        fold(&self.words)
            .split(' ')
            .filter(|w| !w.is_empty())
            .all(|word| {
                s.text.contains(word) || {
                    // A phone number as typed: its digits, a national 0 before them or not.
                    let national = word.strip_prefix('0').filter(|rest| rest.len() >= 3);
                    word.chars().all(|c| c.is_ascii_digit())
                        && (s.digits.contains(word)
                            || national.is_some_and(|n| s.digits.contains(n)))
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal() -> Opportunity {
        Opportunity {
            customer_name: "Nguyễn Văn Đức".into(),
            phone: "+84 901 037 091".into(),
            email: "duc@saomai.vn".into(),
            salesperson_id: Some(Uuid::from_u128(7)),
            tag_ids: vec![Uuid::from_u128(3)],
            ..Opportunity::sample(Uuid::now_v7(), "Máy lọc nước – Sao Mai")
        }
    }

    fn keeps(f: &DealFilter, o: &Opportunity, due: Option<Due>) -> bool {
        let searched = Searched::of(
            o,
            ["Trần Thị Lan", "lan.tran@saomai.vn"],
            ["+84 912 345 678"],
        );
        let standing = Standing {
            due,
            rotting: false,
        };
        f.keeps(o, Some(Uuid::from_u128(7)), standing, Some(&searched))
    }

    fn words(w: &str) -> DealFilter {
        DealFilter {
            words: w.into(),
            ..DealFilter::default()
        }
    }

    #[test]
    fn words_are_found_without_accents_or_case_in_the_deal_and_its_contact() {
        let o = deal();
        assert!(DealFilter::default().is_empty() && words("  ").is_empty());
        for found in [
            "nguyen duc",
            "MÁY LỌC",
            "may loc sao mai",
            "tran thi lan",
            "saomai.vn",
            "0901037091",
            "037 091",
            // Its contact's email and phone.
            "lan.tran@saomai.vn",
            "0912 345 678",
        ] {
            assert!(keeps(&words(found), &o, None), "{found}");
        }
        for missing in ["nguyen hoa", "0902", "lan anh", "0913 345"] {
            assert!(!keeps(&words(missing), &o, None), "{missing}");
        }
    }

    #[test]
    fn mine_a_salesperson_a_tag_and_activities_due_narrow_the_deals() {
        let o = deal();
        let with = |f: DealFilter| keeps(&f, &o, Some(Due::Overdue));
        assert!(with(DealFilter {
            owner: Owner::Me,
            ..DealFilter::default()
        }));
        assert!(!with(DealFilter {
            owner: Owner::Person(Uuid::from_u128(8)),
            ..DealFilter::default()
        }));
        assert!(with(DealFilter {
            tag: Some(Uuid::from_u128(3)),
            ..DealFilter::default()
        }));
        assert!(!with(DealFilter {
            tag: Some(Uuid::from_u128(4)),
            ..DealFilter::default()
        }));
        let due = |d| DealFilter {
            due: Some(d),
            ..DealFilter::default()
        };
        // "Due today" keeps what is overdue too: both are to do today.
        assert!(keeps(&due(Due::Today), &o, Some(Due::Overdue)));
        assert!(keeps(&due(Due::Today), &o, Some(Due::Today)));
        assert!(!keeps(&due(Due::Overdue), &o, Some(Due::Today)));
        assert!(!keeps(&due(Due::Today), &o, Some(Due::Planned)));
        assert!(!keeps(&due(Due::Today), &o, None));
        // Someone not signed in has no deals of their own.
        assert!(
            !DealFilter {
                owner: Owner::Me,
                ..DealFilter::default()
            }
            .keeps(&o, None, Standing::default(), None)
        );
    }

    #[test]
    fn rotting_keeps_only_the_deals_rotting() {
        let o = deal();
        let rotting = DealFilter {
            rotting: true,
            ..DealFilter::default()
        };
        assert!(!rotting.is_empty());
        let standing = |rotting| Standing { due: None, rotting };
        assert!(rotting.keeps(&o, None, standing(true), None));
        assert!(!rotting.keeps(&o, None, standing(false), None));
        assert!(DealFilter::default().keeps(&o, None, standing(false), None));
    }
}
