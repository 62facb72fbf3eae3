//! One file per command: each holds the command's arguments (`Args`, a `clap::Args` struct that
//! flattens the shared ones from `cli::args`) and `run(args, out)`, which calls the library and
//! writes the result to `out`. Messages on standard error go through `cli::err`.
//!
//! | file | command |
//! |---|---|
//! | `build.rs` | `build`: the draft of a period |
//! | `new_month.rs` | `new-month`: the next month's snapshot |
//! | `new_week.rs` | `new-week`: the next ISO week's snapshot |
//! | `check.rs` | `check`: the campaign checked, the fonts found |
//! | `stats.rs` | `stats`: the figures as a table or JSON |
//! | `status.rs` | `status`: each unit's return of a period (已报/与上月相同/未报/有误) |
//! | `publish.rs` | `publish`: the approved draft into the archive |
//! | `archive.rs` | `archive list/verify/index` |
//! | `form.rs` | `form`: the counties' return form |
//! | `import.rs` | `import`: returned forms and ledgers into a snapshot |
//! | `render.rs` | `render`: an edited `bulletin.md` into the other formats |
//! | `serve.rs` | `serve`: the workbench in the browser |
//! | `notices.rs` | `notices`: the 督办单 and 约谈通知书 the rules call for, drafted or published |

pub(crate) mod archive;
pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod form;
pub(crate) mod import;
pub(crate) mod new_month;
pub(crate) mod new_week;
pub(crate) mod notices;
pub(crate) mod publish;
pub(crate) mod render;
pub(crate) mod serve;
pub(crate) mod stats;
pub(crate) mod status;
