//! Where everything goes on screen for a given terminal size. Pure, and
//! below both `app` and `ui`: drawing and mouse hit-testing read the same
//! rectangles from the same functions, so a click lands on what was drawn.

mod chips;
mod editor;
mod hit;
mod popup;
mod wrap;

pub use chips::{ChipLayout, Slot, chip_scroll, chip_width, wrap_chips};
pub use editor::{
    EditorLayout, FieldRow, FormAreas, MAX_NOTE_LINES, MIN_HEIGHT, MIN_WIDTH, NoteLines,
    ONE_LINE_NOTES, Screen, chip_area_width, editor, editor_with_notes, grid_columns,
    grid_visible_rows, is_too_small, note_widths, screen_rect,
};
pub use hit::{Hit, hit};
pub use popup::{
    HELP_KEY_WIDTH, REVIEW_WIDTH, centered, choice_box, confirm_box, error_box, help_body_height,
    help_box, loading_box, review_room, review_text_width,
};
pub use wrap::wrap_words;
