//! What a request touches on Everflow, so that requests of one apply can be in flight together
//! without two of them racing on one record. Like a read/write lock: two requests conflict when one
//! holds *exclusively* something the other holds at all. An affiliate visibility PATCH holds its
//! cells exclusively and each offer's visibility *shared* (PATCHes of other affiliates on the same
//! offer do not collide), while an offer's visibility PUT holds the whole offer exclusively.

use std::collections::HashSet;

/// One thing a request reads-modifies-writes on Everflow.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Touched {
    Affiliate(i64),
    OfferUrl(i64),
    /// An offer's visibility as a whole.
    OfferVisibility(i64),
    /// One cell of the visibility matrix: `(offer, affiliate)`.
    VisibilityCell(i64, i64),
    /// An affiliate still to be created, by its name or a user's email (trimmed, lowercased):
    /// two creates of one name must not race.
    NewAffiliate(String),
    /// An offer URL still to be created, by its offer and name.
    NewOfferUrl(i64, String),
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Footprint {
    exclusive: HashSet<Touched>,
    shared: HashSet<Touched>,
}

impl Footprint {
    pub fn exclusive(touched: impl IntoIterator<Item = Touched>) -> Self {
        Footprint { exclusive: touched.into_iter().collect(), shared: HashSet::new() }
    }

    pub fn with_shared(mut self, touched: impl IntoIterator<Item = Touched>) -> Self {
        self.shared.extend(touched);
        self
    }

    /// Whether the two must not be in flight together (and so keep their plan order).
    pub fn conflicts_with(&self, other: &Footprint) -> bool {
        let holds = |footprint: &Footprint, touched: &Touched| {
            footprint.exclusive.contains(touched) || footprint.shared.contains(touched)
        };
        self.exclusive.iter().any(|t| holds(other, t)) || other.exclusive.iter().any(|t| self.shared.contains(t))
    }
}

/// The key two creates of one affiliate would share.
pub fn new_affiliate_key(text: &str) -> Option<Touched> {
    let key = text.trim().to_lowercase();
    (!key.is_empty()).then_some(Touched::NewAffiliate(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusive_holds_conflict_with_any_hold_and_shared_holds_do_not() {
        let cell =
            |o, a| Footprint::exclusive([Touched::VisibilityCell(o, a)]).with_shared([Touched::OfferVisibility(o)]);
        let whole = Footprint::exclusive([Touched::OfferVisibility(7)]);
        assert!(!cell(7, 1).conflicts_with(&cell(7, 2)), "two affiliates on one offer");
        assert!(cell(7, 1).conflicts_with(&cell(7, 1)), "one cell twice");
        assert!(cell(7, 1).conflicts_with(&whole) && whole.conflicts_with(&cell(7, 1)), "a cell and its offer's PUT");
        assert!(!cell(8, 1).conflicts_with(&whole), "another offer");
        let a = Footprint::exclusive([Touched::Affiliate(1), Touched::Affiliate(2)]);
        assert!(a.conflicts_with(&Footprint::exclusive([Touched::Affiliate(2)])));
        assert!(!a.conflicts_with(&Footprint::exclusive([Touched::Affiliate(3)])));
        assert_eq!(new_affiliate_key("  Acme "), Some(Touched::NewAffiliate("acme".into())));
        assert_eq!(new_affiliate_key(" "), None);
    }
}
