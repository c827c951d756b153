//! The one rule that binds a plan to its account: apply, undo, the check of an interrupted change
//! and "finish the rest" all refuse, naming both accounts, when the plan was made on another one or
//! on an unknown one (journals from before plans carried their account).

use super::model::{Account, NOTHING_SENT};
use crate::error::{CoreError, CoreResult};

/// Ok when `made_on` is the open account; otherwise a plain refusal saying what to open to `act`
/// ("apply or undo it", "undo it", "check it").
pub fn refuse_other_account(made_on: Option<&Account>, open: &Account, act: &str) -> CoreResult<()> {
    match made_on {
        Some(account) if account.is_same(open) => Ok(()),
        Some(account) => Err(CoreError::OtherAccount {
            message: format!(
                "This change was made on {}, but {} is open. {NOTHING_SENT} Open {} to {act}.",
                account.describe(),
                open.describe(),
                account.name
            ),
        }),
        None => Err(CoreError::OtherAccount {
            message: format!(
                "It is not known which account this change was made on (it was recorded by an earlier version), \
                 so it cannot be done from here. {NOTHING_SENT}"
            ),
        }),
    }
}
