//! The conflict view: each item changed on both sides, with the version the
//! form started from, the server's and the agent's side by side, and the
//! choice made so far. Choices show by a mark, not only by colour.

use super::hints::hint_line;
use super::text::{draw_line, draw_spans};
use crate::app::Model;
use crate::app::keymap::{Action, Context};
use crate::app::model::ConflictView;
use crate::contact::{Side, describe};
use crate::geometry::centered;
use crate::theme::FOCUS_MARK;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear};

const WIDTH: u16 = 100;
/// Header, blank, column titles, blank, hints, and the border.
const CHROME: u16 = 7;
const LABEL_WIDTH: u16 = 22;
const CHOSEN: &str = "✓ ";
const NOT_CHOSEN: &str = "  ";

pub fn draw(frame: &mut Frame, area: Rect, model: &Model, view: &ConflictView) {
    let theme = &model.theme;
    let rows = view.merged.conflicts.len() as u16;
    let outer = centered(area, WIDTH, rows.saturating_add(CHROME));
    frame.render_widget(Clear, outer);
    let title = format!(" Changed on the server too: {rows} to choose ");
    frame.render_widget(
        Block::bordered().title(Span::styled(title, theme.title)),
        outer,
    );
    let inner = outer.inner(ratatui::layout::Margin::new(1, 1));
    if inner.height < 3 || inner.width < 20 {
        return;
    }
    let buf = frame.buffer_mut();
    let line = |y: u16| Rect::new(inner.x, inner.y + y, inner.width, 1);
    draw_line(
        buf,
        line(0),
        "Someone changed these on the server while you edited. Keep yours or take theirs:",
        Style::new(),
    );
    let columns = Columns::new(inner);
    let header = ["", "Before", "Theirs (server now)", "Mine (this form)"];
    for (rect, text) in columns.at(inner.y + 2).into_iter().zip(header) {
        draw_line(buf, rect, text, theme.dim);
    }
    let room = inner.height.saturating_sub(CHROME - 2) as usize;
    let first = view.selected.saturating_sub(room.saturating_sub(1));
    let listed = view
        .merged
        .conflicts
        .iter()
        .enumerate()
        .skip(first)
        .take(room);
    for (row, (i, conflict)) in listed.enumerate() {
        let y = inner.y + 3 + row as u16;
        let selected = i == view.selected;
        let choice = view.choices.get(i).copied().flatten();
        let [label, before, theirs, mine] = columns.at(y);
        let row_style = if selected {
            theme.selected
        } else {
            Style::new()
        };
        let mark = if selected { FOCUS_MARK } else { " " };
        draw_line(
            buf,
            label,
            &format!("{mark} {}", conflict.item.label()),
            row_style,
        );
        draw_line(
            buf,
            before,
            &describe(&conflict.base, &conflict.item),
            theme.dim,
        );
        for (rect, side, version) in [
            (theirs, Side::Theirs, &conflict.theirs),
            (mine, Side::Mine, &conflict.mine),
        ] {
            let chosen = choice == Some(side);
            let style = if chosen { theme.selected } else { Style::new() };
            let mark = if chosen { CHOSEN } else { NOT_CHOSEN };
            draw_line(
                buf,
                rect,
                &format!("{mark}{}", describe(version, &conflict.item)),
                style,
            );
        }
    }
    let hints = hint_line(
        model,
        Context::Conflicts,
        &[
            Action::TakeMine,
            Action::TakeTheirs,
            Action::Confirm,
            Action::Cancel,
        ],
    );
    draw_spans(buf, line(inner.height - 1), &hints);
}

/// The item label, then three equal columns for the versions.
struct Columns {
    x: u16,
    value_width: u16,
}

impl Columns {
    fn new(inner: Rect) -> Self {
        let value_width = inner.width.saturating_sub(LABEL_WIDTH) / 3;
        Self {
            x: inner.x,
            value_width,
        }
    }

    fn at(&self, y: u16) -> [Rect; 4] {
        let w = self.value_width;
        let value = |n: u16| Rect::new(self.x + LABEL_WIDTH + n * w, y, w.saturating_sub(1), 1);
        [
            Rect::new(self.x, y, LABEL_WIDTH - 1, 1),
            value(0),
            value(1),
            value(2),
        ]
    }
}
