//! The data each kind's template reads: one `#[derive(Serialize)]` view per kind, built from the
//! inputs and the figures, each reusing the campaign's words.
//!
//! - `campaign.rs`: [`campaign::CampaignView`] and the indicators with their words — every kind;
//! - `bulletin.rs`: the monthly bulletin's view (and the headline's, which reads the same);
//! - `weekly.rs`: the weekly 调度 sheet's view (one week, its 调度 header and series);
//! - `quarterly.rs`: the quarterly 督导 summary's view (the quarter's months, each unit's
//!   trajectory, the units that need 整改);
//! - `notice.rs`: a 督办单's or 约谈通知书's view (one unit, its figures, the bulletin it cites).

pub(crate) mod bulletin;
pub(crate) mod campaign;
pub(crate) mod notice;
pub(crate) mod quarterly;
pub(crate) mod weekly;
