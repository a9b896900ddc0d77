//! The custom-field grid: a row per key, Key and Value columns, cell editing.

use super::text_input::{TextEdit, TextInput};
use crate::contact::{CustomField, parse_number, reparse, scalar_text, type_label};
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Column {
    #[default]
    Key,
    Value,
}

/// A cell being edited.
#[derive(Debug, Clone)]
pub struct CellEdit {
    pub input: TextInput,
    /// The row was just appended: cancelling its key removes it again.
    pub new_row: bool,
}

/// `/` in the grid: only rows whose key contains the text show.
#[derive(Debug, Clone, Default)]
pub struct RowFilter {
    pub input: TextInput,
    /// The text is being typed (Enter keeps it, Esc clears it).
    pub typing: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// The selected row: an index into the fields, shown or not.
    pub row: usize,
    pub column: Column,
    pub editing: Option<CellEdit>,
    /// First visible position (among the shown rows); kept so the
    /// selection stays in view.
    pub scroll: usize,
    pub filter: Option<RowFilter>,
    /// The rows the filter lets through, in order; `None` shows every row.
    matches: Option<Vec<usize>>,
}

impl Grid {
    /// Focus arriving on the grid selects the first row's key.
    pub fn focus_gained(&mut self) {
        self.row = 0;
        self.column = Column::Key;
        self.editing = None;
        self.scroll = 0;
    }

    /// How many rows show (all of them, or the filter's matches).
    pub fn shown_len(&self, rows: usize) -> usize {
        self.matches.as_ref().map_or(rows, Vec::len)
    }

    /// The row shown at `position`, if any.
    pub fn row_at(&self, position: usize, rows: usize) -> Option<usize> {
        match &self.matches {
            Some(matches) => matches.get(position).copied(),
            None => (position < rows).then_some(position),
        }
    }

    /// The selected row's position among the shown rows.
    pub fn position(&self) -> usize {
        match &self.matches {
            Some(matches) => matches.binary_search(&self.row).unwrap_or_else(|at| at),
            None => self.row,
        }
    }

    /// Whether the selected row exists and shows: only then may it be edited.
    pub fn has_selection(&self, rows: usize) -> bool {
        self.row < rows
            && self
                .matches
                .as_ref()
                .is_none_or(|m| m.binary_search(&self.row).is_ok())
    }

    fn select_position(&mut self, position: usize, rows: usize) {
        let last = self.shown_len(rows).saturating_sub(1);
        if let Some(row) = self.row_at(position.min(last), rows) {
            self.row = row;
        }
    }

    pub fn up(&mut self, rows: usize) {
        self.select_position(self.position().saturating_sub(1), rows);
    }

    pub fn down(&mut self, rows: usize) {
        self.select_position(self.position() + 1, rows);
    }

    /// PageUp: a screenful of `page` rows up.
    pub fn page_up(&mut self, rows: usize, page: usize) {
        let page = page.max(1);
        self.select_position(self.position().saturating_sub(page), rows);
        self.scroll = self.scroll.saturating_sub(page);
    }

    /// PageDown: a screenful of `page` rows down.
    pub fn page_down(&mut self, rows: usize, page: usize) {
        let page = page.max(1);
        self.select_position(self.position() + page, rows);
        let top = self.shown_len(rows).saturating_sub(page);
        self.scroll = (self.scroll + page).min(top);
    }

    pub fn first(&mut self, rows: usize) {
        self.select_position(0, rows);
    }

    pub fn last(&mut self, rows: usize) {
        self.select_position(usize::MAX, rows);
    }

    /// `/`: start typing a filter, or go back to the one there.
    pub fn start_filter(&mut self) {
        self.filter.get_or_insert_with(RowFilter::default).typing = true;
    }

    /// Enter in the filter: back to the rows; an empty filter goes.
    pub fn keep_filter(&mut self) {
        match &mut self.filter {
            Some(filter) if filter.input.text().trim().is_empty() => self.filter = None,
            Some(filter) => filter.typing = false,
            None => {}
        }
    }

    /// Esc: every row shows again. Returns whether there was a filter.
    pub fn clear_filter(&mut self) -> bool {
        self.matches = None;
        self.filter.take().is_some()
    }

    /// Works out which rows the filter lets through (a key containing its
    /// text, ignoring case). A selection filtered out moves to the next
    /// row shown, else the last.
    pub fn refilter(&mut self, fields: &[CustomField]) {
        let needle = match &self.filter {
            Some(filter) if !filter.input.text().trim().is_empty() => {
                filter.input.text().trim().to_lowercase()
            }
            _ => {
                self.matches = None;
                return;
            }
        };
        let matches: Vec<usize> = fields
            .iter()
            .enumerate()
            .filter(|(_, f)| f.key.to_lowercase().contains(&needle))
            .map(|(i, _)| i)
            .collect();
        if matches.binary_search(&self.row).is_err()
            && let Some(row) = matches.iter().find(|r| **r >= self.row).or(matches.last())
        {
            self.row = *row;
        }
        self.matches = Some(matches);
    }

    pub fn left(&mut self) {
        self.column = Column::Key;
    }

    pub fn right(&mut self) {
        self.column = Column::Value;
    }

    /// Enter: edit the selected cell, starting from its text.
    pub fn start_edit(&mut self, fields: &[CustomField]) {
        let Some(field) = fields.get(self.row) else {
            return;
        };
        let text = match self.column {
            Column::Key => field.key.clone(),
            Column::Value => scalar_text(&field.value),
        };
        self.editing = Some(CellEdit {
            input: TextInput::new(&text),
            new_row: false,
        });
    }

    /// Ctrl-N: append an empty row and edit its key.
    pub fn add_row(&mut self, fields: &mut Vec<CustomField>) {
        fields.push(CustomField::new("", Value::String(String::new())));
        self.row = fields.len() - 1;
        self.column = Column::Key;
        self.editing = Some(CellEdit {
            input: TextInput::default(),
            new_row: true,
        });
    }

    /// Delete: remove the selected row. Returns whether a row went.
    pub fn delete_row(&mut self, fields: &mut Vec<CustomField>) -> bool {
        if self.row >= fields.len() {
            return false;
        }
        fields.remove(self.row);
        self.clamp(fields.len());
        true
    }

    pub fn edit(&mut self, edit: TextEdit) {
        if let Some(cell) = &mut self.editing {
            cell.input.apply(edit);
        }
    }

    /// Enter while editing: store the text. A number or boolean keeps its
    /// type while the text still parses as one. A new row's key goes on to
    /// its value. Returns whether the fields changed.
    pub fn commit(&mut self, fields: &mut [CustomField]) -> bool {
        let Some(cell) = self.editing.take() else {
            return false;
        };
        let Some(field) = fields.get_mut(self.row) else {
            return false;
        };
        let text = cell.input.text();
        let changed = match self.column {
            Column::Key => {
                let key = text.trim();
                let changed = field.key != key;
                field.key = key.to_string();
                changed
            }
            Column::Value => {
                let value = reparse(&field.value, text);
                let changed = field.value != value;
                field.value = value;
                changed
            }
        };
        if cell.new_row && self.column == Column::Key {
            self.column = Column::Value;
            self.editing = Some(CellEdit {
                input: TextInput::new(&scalar_text(&field.value)),
                new_row: true,
            });
        }
        changed || cell.new_row
    }

    /// Ctrl-T: the selected value as the next JSON type its text can be
    /// (text → number → boolean → text). Returns the new type's name, or
    /// `None` when the text can only be text.
    pub fn cycle_type(&mut self, fields: &mut [CustomField]) -> Option<&'static str> {
        let field = fields.get_mut(self.row)?;
        let text = scalar_text(&field.value);
        let as_number = parse_number(&text).map(Value::Number);
        let as_bool = match text.as_str() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        };
        let as_string = Some(Value::String(text.clone()));
        // Candidates in cycle order, starting after the current type.
        let order = [as_string, as_number, as_bool];
        let current = match field.value {
            Value::Number(_) => 1,
            Value::Bool(_) => 2,
            _ => 0,
        };
        let next = (1..3)
            .map(|step| (current + step) % 3)
            .find_map(|i| order[i].clone())?;
        if next == field.value {
            return None;
        }
        field.value = next;
        type_label(&field.value).or(Some("text"))
    }

    /// Esc while editing: drop the text; a row added and never keyed goes.
    pub fn cancel(&mut self, fields: &mut Vec<CustomField>) -> bool {
        let Some(cell) = self.editing.take() else {
            return false;
        };
        let untouched_new_row = cell.new_row
            && self.column == Column::Key
            && fields.get(self.row).is_some_and(|f| f.key.is_empty());
        if untouched_new_row {
            fields.remove(self.row);
            self.clamp(fields.len());
            return true;
        }
        false
    }

    pub fn clamp(&mut self, rows: usize) {
        self.row = self.row.min(rows.saturating_sub(1));
        if self.editing.is_some() && rows == 0 {
            self.editing = None;
        }
    }

    /// Adjusts the scroll so the selected row is among `visible` rows,
    /// and no screenful ends in blank rows while more exist above.
    pub fn keep_visible(&mut self, visible: usize, rows: usize) {
        let visible = visible.max(1);
        let position = self.position();
        if position < self.scroll {
            self.scroll = position;
        } else if position >= self.scroll + visible {
            self.scroll = position + 1 - visible;
        }
        self.scroll = self
            .scroll
            .min(self.shown_len(rows).saturating_sub(visible));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields() -> Vec<CustomField> {
        vec![
            CustomField::new("tier", json!("gold")),
            CustomField::new("visits", json!(3)),
            CustomField::new("beta", json!(true)),
        ]
    }

    fn retype(grid: &mut Grid, text: &str) {
        grid.edit(TextEdit::DeleteToStart);
        for c in text.chars() {
            grid.edit(TextEdit::Insert(c));
        }
    }

    #[test]
    fn moves_are_clamped() {
        let mut g = Grid::default();
        g.up(3);
        assert_eq!(g.row, 0);
        g.down(3);
        g.down(3);
        g.down(3);
        assert_eq!(g.row, 2);
        g.right();
        assert_eq!(g.column, Column::Value);
        g.left();
        assert_eq!(g.column, Column::Key);
    }

    #[test]
    fn edit_starts_from_cell_text_with_cursor_at_end() {
        let f = fields();
        let mut g = Grid {
            row: 1,
            column: Column::Value,
            ..Default::default()
        };
        g.start_edit(&f);
        let input = &g.editing.as_ref().unwrap().input;
        assert_eq!(input.text(), "3");
        assert_eq!(input.cursor(), 1);
    }

    #[test]
    fn number_and_boolean_keep_type_when_they_parse() {
        let mut f = fields();
        let mut g = Grid {
            row: 1,
            column: Column::Value,
            ..Default::default()
        };
        g.start_edit(&f);
        retype(&mut g, "42");
        assert!(g.commit(&mut f));
        assert_eq!(f[1].value, json!(42));
        g.row = 2;
        g.start_edit(&f);
        retype(&mut g, "false");
        g.commit(&mut f);
        assert_eq!(f[2].value, json!(false));
        g.start_edit(&f);
        retype(&mut g, "maybe");
        g.commit(&mut f);
        assert_eq!(f[2].value, json!("maybe"));
    }

    #[test]
    fn esc_cancels_an_edit() {
        let mut f = fields();
        let mut g = Grid::default();
        g.start_edit(&f);
        retype(&mut g, "changed");
        assert!(!g.cancel(&mut f));
        assert_eq!(f[0].key, "tier");
        assert!(g.editing.is_none());
    }

    #[test]
    fn new_row_goes_from_key_to_value() {
        let mut f = fields();
        let mut g = Grid::default();
        g.add_row(&mut f);
        assert_eq!(g.row, 3);
        retype(&mut g, " color ");
        assert!(g.commit(&mut f));
        assert_eq!(g.column, Column::Value);
        assert!(g.editing.is_some());
        retype(&mut g, "blue");
        g.commit(&mut f);
        assert_eq!(f[3], CustomField::new("color", json!("blue")));
        assert!(g.editing.is_none());
    }

    #[test]
    fn cancelling_a_new_rows_key_removes_it() {
        let mut f = fields();
        let mut g = Grid::default();
        g.add_row(&mut f);
        assert!(g.cancel(&mut f));
        assert_eq!(f.len(), 3);
        assert_eq!(g.row, 2);
    }

    #[test]
    fn ctrl_t_cycles_through_the_types_the_text_allows() {
        let mut f = vec![
            CustomField::new("n", json!("12")),
            CustomField::new("b", json!("true")),
            CustomField::new("s", json!("gold")),
        ];
        let mut g = Grid::default();
        assert_eq!(g.cycle_type(&mut f), Some("number"));
        assert_eq!(f[0].value, json!(12));
        assert_eq!(g.cycle_type(&mut f), Some("text"));
        assert_eq!(f[0].value, json!("12"));
        g.row = 1;
        assert_eq!(g.cycle_type(&mut f), Some("boolean"));
        assert_eq!(f[1].value, json!(true));
        assert_eq!(g.cycle_type(&mut f), Some("text"));
        g.row = 2;
        assert_eq!(g.cycle_type(&mut f), None);
        assert_eq!(f[2].value, json!("gold"));
    }

    #[test]
    fn delete_removes_the_row() {
        let mut f = fields();
        let mut g = Grid {
            row: 2,
            ..Default::default()
        };
        assert!(g.delete_row(&mut f));
        assert_eq!(f.len(), 2);
        assert_eq!(g.row, 1);
    }

    #[test]
    fn scroll_keeps_selection_visible() {
        let mut g = Grid {
            row: 10,
            ..Default::default()
        };
        g.keep_visible(4, 20);
        assert_eq!(g.scroll, 7);
        g.row = 8;
        g.keep_visible(4, 20);
        assert_eq!(g.scroll, 7);
        g.row = 2;
        g.keep_visible(4, 20);
        assert_eq!(g.scroll, 2);
    }

    fn many(keys: &[&str]) -> Vec<CustomField> {
        keys.iter()
            .map(|k| CustomField::new(*k, json!(1)))
            .collect()
    }

    #[test]
    fn paging_moves_a_screenful_and_keeps_the_row_in_view() {
        let mut g = Grid::default();
        g.page_down(20, 5);
        assert_eq!((g.row, g.scroll), (5, 5));
        g.keep_visible(5, 20);
        assert!(g.row >= g.scroll && g.row < g.scroll + 5);
        g.page_down(20, 5);
        g.page_down(20, 5);
        g.page_down(20, 5);
        assert_eq!(g.row, 19);
        g.keep_visible(5, 20);
        assert_eq!(g.scroll, 15);
        g.page_up(20, 5);
        g.keep_visible(5, 20);
        assert_eq!(g.row, 14);
        assert!(g.row >= g.scroll && g.row < g.scroll + 5);
        g.first(20);
        g.keep_visible(5, 20);
        assert_eq!((g.row, g.scroll), (0, 0));
        g.last(20);
        g.keep_visible(5, 20);
        assert_eq!((g.row, g.scroll), (19, 15));
    }

    #[test]
    fn the_filter_shows_rows_whose_key_contains_it() {
        let f = many(&["tier", "visits", "Tier_2", "beta", "frontier"]);
        let mut g = Grid {
            row: 1,
            ..Default::default()
        };
        g.start_filter();
        for c in "TIER".chars() {
            g.filter.as_mut().unwrap().input.apply(TextEdit::Insert(c));
        }
        g.refilter(&f);
        assert_eq!(g.shown_len(f.len()), 3);
        // "visits" is filtered out: the selection moves to the next shown row.
        assert_eq!(g.row, 2);
        assert_eq!(g.row_at(0, f.len()), Some(0));
        assert_eq!(g.row_at(2, f.len()), Some(4));
        assert!(
            !Grid {
                row: 3,
                ..g.clone()
            }
            .has_selection(f.len())
        );
        g.down(f.len());
        assert_eq!(g.row, 4);
        g.down(f.len());
        assert_eq!(g.row, 4);
        g.up(f.len());
        g.up(f.len());
        assert_eq!(g.row, 0);
        g.keep_filter();
        assert!(!g.filter.as_ref().unwrap().typing);
        assert!(g.clear_filter());
        assert_eq!(g.shown_len(f.len()), 5);
        assert!(!g.clear_filter());
    }

    #[test]
    fn an_empty_filter_kept_goes_away() {
        let mut g = Grid::default();
        g.start_filter();
        g.keep_filter();
        assert!(g.filter.is_none());
    }
}
