//! Creating affiliates (the onboarding wizard's one, a CSV import's many) as a plan like every
//! other write: a row per affiliate (rules broken, or a name or user email already on Everflow or
//! earlier in the list, make the row an error), one create request per ok row, the duplicate check
//! made again against Everflow just before sending, and a check afterwards that finds each one on
//! Everflow, which also settles a create whose answer was lost. Passwords are sent but never
//! journaled. No undo: Everflow cannot delete an affiliate.

use std::collections::BTreeSet;

use everflow::validate::{self, AffiliateMode};
use everflow::{AffiliateInput, Client};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::csv_import::ExistingAffiliates;
use crate::error::{CoreError, CoreResult};
use crate::plan::kind::{WentOut, WriteKind};
use crate::plan::model::{ApplyReport, Drift, Mismatch, Plan, PlanKind, PlanRow, Planned, RowStatus, Verification};
use crate::plan::request::{without_passwords, Call, Request};

/// New affiliates, one create request each. `numbers` are the rows' record ids: the CSV file's
/// line numbers, or 1 for the wizard.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffiliateCreate {
    pub inputs: Vec<AffiliateInput>,
    #[serde(default)]
    pub numbers: Vec<i64>,
    /// Whether Everflow emails the new affiliate's users.
    #[serde(default)]
    pub notification: bool,
}

impl AffiliateCreate {
    fn numbered(&self) -> impl Iterator<Item = (i64, &AffiliateInput)> {
        self.inputs.iter().enumerate().map(|(i, input)| (self.numbers.get(i).copied().unwrap_or(i as i64 + 1), input))
    }
}

/// Plans creating `inputs` (numbered by `numbers`, or from 1) against the affiliates on Everflow now.
pub async fn plan_create(
    client: &Client,
    inputs: Vec<AffiliateInput>,
    numbers: Vec<i64>,
    notification: bool,
    from_file: bool,
) -> CoreResult<Planned<AffiliateCreate>> {
    if inputs.is_empty() {
        return Err(CoreError::Invalid(vec![everflow::validate::FieldError {
            field: "inputs".into(),
            message: "Choose at least one affiliate to create.".into(),
        }]));
    }
    let existing = ExistingAffiliates::load(client).await?;
    Ok(build_create(AffiliateCreate { inputs, numbers, notification }, &existing, from_file))
}

fn key(text: &str) -> String {
    text.trim().to_lowercase()
}

/// The plan against the affiliates already on Everflow (pure: the tests call it directly).
pub fn build_create(
    create: AffiliateCreate,
    existing: &ExistingAffiliates,
    from_file: bool,
) -> Planned<AffiliateCreate> {
    let mut rows = Vec::new();
    let mut earlier: Vec<(i64, String, Vec<String>)> = Vec::new();
    for (number, input) in create.numbered() {
        let name = input.name.trim().to_owned();
        let emails: Vec<String> =
            input.users.iter().flatten().map(|u| key(&u.email)).filter(|e| !e.is_empty()).collect();
        let mut row = PlanRow::new(number, name.as_str(), "affiliate", "New affiliate", Value::Null, json!(name));
        row.before_text = Some("(does not exist)".into());
        row.after_text = Some(create_words(input));
        let errors = validate::validate_affiliate(input, AffiliateMode::Create);
        let repeated = earlier
            .iter()
            .find(|(_, n, e)| (!name.is_empty() && *n == key(&name)) || emails.iter().any(|email| e.contains(email)));
        let place = if from_file { "Line" } else { "Row" };
        if !errors.is_empty() {
            row.status = RowStatus::Error;
            row.error_message = validate::summary(&errors);
        } else if let Some(duplicate) = existing.duplicate_of(input) {
            row.status = RowStatus::Error;
            row.error_message = duplicate.message;
        } else if let Some((line, _, _)) = repeated {
            row.status = RowStatus::Error;
            row.error_message = format!("{place} {line} has the same name or user email: only one can be created.");
        }
        earlier.push((number, key(&name), emails));
        rows.push(row);
    }
    let description = match create.inputs.as_slice() {
        [one] => format!("Create affiliate \"{}\"", one.name.trim()),
        many if from_file => format!("Create {} from a CSV file", PlanKind::AffiliateCreate.count(many.len())),
        many => format!("Create {}", PlanKind::AffiliateCreate.count(many.len())),
    };
    let ids = create.numbered().map(|(n, _)| n).collect();
    let mut plan = Plan::new(PlanKind::AffiliateCreate, description, ids);
    plan.rows = rows;
    plan.notices.push(if create.notification {
        "Everflow emails each new affiliate's users.".into()
    } else {
        "Everflow does not email the new affiliates' users.".into()
    });
    plan.notices
        .push("Everflow cannot delete an affiliate, so a create cannot be undone: set it inactive instead.".into());
    Planned::finished(plan, create)
}

fn create_words(input: &AffiliateInput) -> String {
    let users = input.users.as_ref().map(Vec::len).unwrap_or(0);
    let status = input.account_status.as_ref().map(|s| s.to_string()).unwrap_or_else(|| "active".into());
    match users {
        0 => format!("Create \"{}\" ({status}, no user)", input.name.trim()),
        1 => format!("Create \"{}\" ({status}, 1 user)", input.name.trim()),
        n => format!("Create \"{}\" ({status}, {n} users)", input.name.trim()),
    }
}

impl WriteKind for AffiliateCreate {
    type Undo = AffiliateCreate;

    /// One create per ok row, in order.
    fn calls(&self, plan: &Plan) -> Vec<Call> {
        let ok = plan.ok_ids();
        self.numbered()
            .filter(|(n, _)| ok.contains(n))
            .map(|(n, input)| Call {
                label: format!("Create \"{}\"", input.name.trim()),
                record_ids: vec![n],
                request: Request::AffiliateCreate { input: input.clone(), notification: self.notification },
            })
            .collect()
    }

    /// A name or user email that appeared on Everflow since the preview (someone created it
    /// meanwhile, or an earlier attempt went through): creating it again would make a duplicate.
    async fn drift(&self, client: &Client, plan: &Plan) -> CoreResult<Vec<Drift>> {
        let ok = plan.ok_ids();
        let existing = ExistingAffiliates::load(client).await?;
        Ok(self
            .numbered()
            .filter(|(n, _)| ok.contains(n))
            .filter_map(|(n, input)| {
                let duplicate = existing.duplicate_of(input)?;
                Some(Drift {
                    record_id: n,
                    name: input.name.trim().to_owned(),
                    group_id: None,
                    group_name: None,
                    field_label: "Affiliate".into(),
                    previewed: "(does not exist)".into(),
                    now: duplicate.message,
                })
            })
            .collect())
    }

    /// Every row whose create went out (or may have) must now be on Everflow by its name.
    async fn verify(&self, client: &Client, plan: &Plan, report: &ApplyReport) -> Verification {
        let sent: BTreeSet<i64> = report.applied_ids().into_iter().collect();
        let mut verification = Verification { checked: sent.len() as u32, ..Verification::default() };
        if sent.is_empty() {
            return verification;
        }
        let existing = match ExistingAffiliates::load(client).await {
            Ok(existing) => existing,
            Err(error) => {
                verification.error = Some(format!("The result could not be checked: {error}"));
                return verification;
            }
        };
        for (number, input) in self.numbered().filter(|(n, _)| sent.contains(n)) {
            if existing.names.contains_key(&key(&input.name)) {
                continue;
            }
            let name = plan.rows.iter().find(|r| r.record_id == number).map(|r| r.name.clone()).unwrap_or_default();
            verification.mismatches.push(Mismatch {
                record_id: number,
                name,
                group_id: None,
                field_type: "affiliate".into(),
                expected: json!("created"),
                actual: json!("not found on Everflow"),
            });
        }
        verification
    }

    /// The rows not created, checked again against the affiliates on Everflow now (one the check
    /// found is no longer "not done").
    async fn plan_rest(&self, client: &Client, _plan: &Plan, rest: &BTreeSet<i64>) -> CoreResult<Planned<Self>> {
        let (numbers, inputs): (Vec<i64>, Vec<AffiliateInput>) =
            self.numbered().filter(|(n, _)| rest.contains(n)).map(|(n, input)| (n, input.clone())).unzip();
        let from_file = self.inputs.len() > 1;
        plan_create(client, inputs, numbers, self.notification, from_file).await
    }

    async fn plan_undo(&self, _client: &Client, _plan: &Plan, _went_out: &WentOut) -> CoreResult<Planned<Self>> {
        Err(CoreError::NotFound {
            message: "Everflow cannot delete affiliates. To stop new ones, set them inactive with a bulk edit.".into(),
        })
    }

    fn for_journal(&self) -> Self {
        AffiliateCreate { inputs: self.inputs.iter().map(without_passwords).collect(), ..self.clone() }
    }
}
