//! The data each kind's template reads: one `#[derive(Serialize)]` view per kind, built from the
//! inputs and the figures, each reusing the campaign's words.
//!
//! - `campaign.rs`: [`campaign::CampaignView`] and the indicators with their words — every kind;
//! - `bulletin.rs`: the monthly bulletin's view (and the headline's, which reads the same).

pub(crate) mod bulletin;
pub(crate) mod campaign;
