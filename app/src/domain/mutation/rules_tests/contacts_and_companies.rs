//! Contacts and companies as they are saved.

use super::kit::*;

#[test]
fn a_contact_at_an_unknown_or_deleted_company_is_refused() {
    let mut gone = company("Công ty Cũ");
    gone.deleted = true;
    let store = with(Store::default(), [Record::Company(gone.clone())]);
    for id in [gone.id, Uuid::now_v7()] {
        let mut an = contact("Nguyễn Văn An");
        an.company_id = Some(id);
        assert_eq!(
            apply(&Mutation::save(an), &store),
            Err(RuleError::UnknownCompany(id))
        );
    }
}

#[test]
fn a_contact_with_an_invalid_email_is_refused() {
    let mut an = contact("Nguyễn Văn An");
    an.email = "an at minhphat".into();
    assert_eq!(
        apply(&Mutation::save(an), &Store::default()),
        Err(RuleError::InvalidEmail("an at minhphat".into()))
    );
}

#[test]
fn a_contact_at_a_live_company_is_saved_cleaned() {
    let minh_phat = company("Công ty Minh Phát");
    let store = with(Store::default(), [Record::Company(minh_phat.clone())]);
    let mut an = contact("  Nguyễn Văn An ");
    an.company_id = Some(minh_phat.id);
    an.email = " an@minhphat.vn ".into();
    an.job_title = " Giám đốc mua hàng ".into();
    assert_eq!(
        one(apply(&Mutation::save(an.clone()), &store)),
        Record::Contact(Contact {
            name: "Nguyễn Văn An".into(),
            email: "an@minhphat.vn".into(),
            job_title: "Giám đốc mua hàng".into(),
            ..an
        })
    );
}

#[test]
fn editing_a_deleted_contact_is_refused() {
    let mut gone = contact("Nguyễn Văn An");
    gone.deleted = true;
    let store = with(Store::default(), [Record::Contact(gone.clone())]);
    assert_eq!(
        apply(&Mutation::save(gone.clone()), &store),
        Err(RuleError::Missing {
            kind: "contact".into(),
            id: gone.id
        })
    );
}

#[test]
fn a_company_without_a_name_is_refused() {
    assert_eq!(
        apply(&Mutation::save(company("   ")), &Store::default()),
        Err(RuleError::Required("company.name".into()))
    );
}

#[test]
fn a_company_is_saved_live_with_its_details_cleaned() {
    let mut minh_phat = company(" Công ty Minh Phát ");
    minh_phat.phone = " 028 3822 0000 ".into();
    minh_phat.deleted = true;
    assert_eq!(
        one(apply(&Mutation::save(minh_phat.clone()), &Store::default())),
        Record::Company(Company {
            name: "Công ty Minh Phát".into(),
            phone: "028 3822 0000".into(),
            deleted: false,
            ..minh_phat
        })
    );
}
