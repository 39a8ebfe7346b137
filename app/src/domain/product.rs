//! The product list quotations are built from: a name, a unit price and a tax rate.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::opportunity::{check_revenue, clean_text};
use super::{Money, RuleError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Product {
    pub id: Uuid,
    pub name: String,
    pub price: Money,
    /// Percent, 0 to 100.
    #[serde(default)]
    pub tax_percent: u8,
    #[serde(default)]
    pub version: i64,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
}

pub fn check(p: &Product) -> Result<Product, RuleError> {
    let name = clean_text("product.name", &p.name)?;
    if name.is_empty() {
        return Err(RuleError::Required("product.name".into()));
    }
    check_revenue(p.price).map_err(|_| RuleError::OutOfRange {
        field: "product.price".into(),
        min: 0,
        max: super::opportunity::MAX_REVENUE_MINOR,
    })?;
    if p.tax_percent > 100 {
        return Err(RuleError::OutOfRange {
            field: "product.tax_percent".into(),
            min: 0,
            max: 100,
        });
    }
    Ok(Product { name, ..p.clone() })
}

pub fn find(products: &[Product], id: Uuid) -> Option<&Product> {
    products.iter().find(|p| p.id == id && !p.deleted)
}

impl super::kind::Kind for Product {
    const NAME: &'static str = "product";
    const LABEL: super::kind::KindLabel = super::kind::KindLabel::new(
        ["Product", "Sản phẩm", "产品", "สินค้า", "محصول"],
        ["Products", "Sản phẩm", "产品", "สินค้า", "محصولات"],
    );
    const FIELDS: &'static [super::field::Field] = &[
        super::field::Field::new(
            "name",
            super::field::FieldType::Text,
            ["Name", "Tên", "名称", "ชื่อ", "نام"],
        ),
        super::field::Field::new(
            "price",
            super::field::FieldType::Money,
            ["Price", "Giá", "价格", "ราคา", "قیمت"],
        ),
        super::field::Field::new(
            "tax_percent",
            super::field::FieldType::Percent,
            ["Tax (%)", "Thuế (%)", "税率 (%)", "ภาษี (%)", "مالیات (٪)"],
        ),
    ];
    const POLICY: super::kind::Policy = super::kind::Policy {
        read: super::kind::Read::Everyone,
        write: super::kind::Write::Admin,
    };
    const SETUP: bool = true;
    const KEEP: super::kind::Keep = super::kind::Keep::All;

    fn scope(&self) -> super::kind::Scope {
        super::kind::Scope::Org
    }

    fn references(&self) -> Vec<Uuid> {
        Vec::new()
    }

    fn display_name(&self, _store: &super::Store) -> String {
        self.name.clone()
    }

    fn save(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        let mut checked = check(self)?;
        checked.deleted = false;
        Ok(vec![super::Record::Product(checked)])
    }

    fn delete(&self, _store: &super::Store) -> Result<Vec<super::Record>, RuleError> {
        Ok(super::kind::flag_deleted(self))
    }
}
