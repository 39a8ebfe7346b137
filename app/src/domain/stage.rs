//! A step of the sales cycle: the columns of the pipeline board.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: Uuid,
    pub name: String,
    /// Columns are shown in increasing sequence.
    pub sequence: i32,
    /// Reaching this stage means the deal is won.
    pub is_won: bool,
    /// Folded columns are shown collapsed on the board.
    pub folded: bool,
    /// The probability an opportunity gets when it enters this stage, in percent.
    pub probability: u8,
    pub version: i64,
    pub deleted: bool,
}

impl Stage {
    /// The probability an opportunity takes on entering this stage.
    pub fn entry_probability(&self) -> u8 {
        if self.is_won {
            100
        } else {
            self.probability.min(100)
        }
    }
}

/// Stages in board order, without deleted ones.
pub fn board_order(stages: &[Stage]) -> Vec<&Stage> {
    let mut live: Vec<&Stage> = stages.iter().filter(|s| !s.deleted).collect();
    live.sort_by(|a, b| a.sequence.cmp(&b.sequence).then_with(|| a.id.cmp(&b.id)));
    live
}

/// The stage a won deal goes to: the first won stage in board order.
pub fn won_stage(stages: &[Stage]) -> Option<&Stage> {
    board_order(stages).into_iter().find(|s| s.is_won)
}

/// The live stage with this id.
pub fn find(stages: &[Stage], id: Uuid) -> Option<&Stage> {
    stages.iter().find(|s| s.id == id && !s.deleted)
}
