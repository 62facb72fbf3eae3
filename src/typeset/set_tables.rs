//! The tables as the typesetter set them, kept with the pages ([`super::pages::Typeset`]) so
//! that the renderers after the PDF take its decisions instead of setting every table again:
//! the HTML its sizes and column widths, the DOCX also each cell's lines.

use super::TablePlan;
use super::flow::{Band, TableFlow};
use super::table::TABLE_LINE;

/// One table: its plan and its rows as set, the header row first (when it has one).
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SetTable {
    /// The type size and the column widths, rule to rule.
    pub plan: TablePlan,
    /// Whether the first of [`SetTable::rows`] is the header row.
    pub header: bool,
    /// Each row (a band: a row taller than a page is set as several).
    pub rows: Vec<SetRow>,
}

/// A row as set: its height in table lines and the text of each cell's lines, by column.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct SetRow {
    /// Table lines ([`TABLE_LINE`]) the row takes.
    pub lines: usize,
    /// Per column, the text of each line of the cell, top to bottom.
    pub cells: Vec<Vec<String>>,
}

impl SetTable {
    /// The table `flow` as set: each band's height and the text of its cells' lines, as the
    /// table setter recorded them.
    pub(crate) fn of(flow: &TableFlow) -> SetTable {
        let row = |band: &Band| SetRow {
            lines: (band.height / TABLE_LINE).round().max(1.0) as usize,
            cells: band.cells.clone(),
        };
        SetTable {
            plan: flow.plan.clone(),
            header: flow.header.is_some(),
            rows: flow.header.iter().chain(&flow.rows).map(row).collect(),
        }
    }
}
