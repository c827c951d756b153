//! Where the main window was and how big, kept across restarts (`<app data>/window.json`), and
//! brought back onto a screen when the screen it was on is gone (a monitor unplugged, a laptop
//! undocked). Positions and sizes are physical pixels, as the window system reports them.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::private_files::write_private_file_atomically;

/// The window's outer position and inner size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowGeometry {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
    #[serde(default)]
    pub maximized: bool,
}

/// A screen's area, in the same coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub x: i32,
    pub y: i32,
    pub width: u32,
    pub height: u32,
}

/// How much of the window must show on a screen for the user to grab it and move it.
const GRAB_WIDTH: i64 = 120;
const GRAB_HEIGHT: i64 = 40;
/// The smallest window worth restoring; anything smaller is a bad record.
const MIN_SIDE: u32 = 200;

impl WindowGeometry {
    /// The geometry to restore on these screens: as saved when enough of the window shows on one of
    /// them to grab it, otherwise centred on the first screen (the primary one). Never larger than
    /// the screen it ends up on. With no screen known, as saved.
    pub fn placed_on_a_screen(self, screens: &[Screen]) -> WindowGeometry {
        let Some(first) = screens.first() else {
            return self;
        };
        let reachable = screens.iter().find(|screen| {
            let left = i64::from(self.x).max(i64::from(screen.x));
            let right = (i64::from(self.x) + i64::from(self.width)).min(i64::from(screen.x) + i64::from(screen.width));
            let top = i64::from(self.y).max(i64::from(screen.y));
            let bottom =
                (i64::from(self.y) + i64::from(self.height)).min(i64::from(screen.y) + i64::from(screen.height));
            // The top edge (where a title bar is) must be on the screen, with room to grab it.
            right - left >= GRAB_WIDTH.min(i64::from(self.width))
                && bottom - top >= GRAB_HEIGHT.min(i64::from(self.height))
                && self.y >= screen.y
        });
        let screen = reachable.unwrap_or(first);
        let width = self.width.min(screen.width);
        let height = self.height.min(screen.height);
        if reachable.is_some() {
            return WindowGeometry { width, height, ..self };
        }
        WindowGeometry {
            x: screen.x + ((screen.width - width) / 2) as i32,
            y: screen.y + ((screen.height - height) / 2) as i32,
            width,
            height,
            maximized: self.maximized,
        }
    }
}

/// The file the geometry is kept in.
#[derive(Debug, Clone)]
pub struct WindowGeometryFile {
    path: PathBuf,
}

impl WindowGeometryFile {
    pub fn new(path: impl Into<PathBuf>) -> Self {
        WindowGeometryFile { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved geometry; none when there is no file or it makes no sense (the window then opens
    /// at its default size: nothing else depends on it).
    pub fn load(&self) -> Option<WindowGeometry> {
        let bytes = std::fs::read(&self.path).ok()?;
        let geometry: WindowGeometry = serde_json::from_slice(&bytes).ok()?;
        (geometry.width >= MIN_SIDE && geometry.height >= MIN_SIDE).then_some(geometry)
    }

    pub fn save(&self, geometry: &WindowGeometry) -> std::io::Result<()> {
        let bytes = serde_json::to_vec_pretty(geometry).map_err(std::io::Error::other)?;
        write_private_file_atomically(&self.path, &bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAPTOP: Screen = Screen { x: 0, y: 0, width: 1280, height: 800 };
    const MONITOR_RIGHT: Screen = Screen { x: 1280, y: 0, width: 2560, height: 1440 };

    fn at(x: i32, y: i32, width: u32, height: u32) -> WindowGeometry {
        WindowGeometry { x, y, width, height, maximized: false }
    }

    #[test]
    fn a_window_on_a_screen_stays_where_it_was() {
        assert_eq!(at(100, 50, 1000, 700).placed_on_a_screen(&[LAPTOP]), at(100, 50, 1000, 700));
        assert_eq!(at(1500, 200, 1600, 900).placed_on_a_screen(&[LAPTOP, MONITOR_RIGHT]), at(1500, 200, 1600, 900));
        // Mostly off the right edge, but its title bar can still be grabbed.
        assert_eq!(at(1100, 10, 1000, 700).placed_on_a_screen(&[LAPTOP]), at(1100, 10, 1000, 700));
    }

    #[test]
    fn a_window_off_every_screen_comes_back_onto_the_first() {
        // It was on the monitor that is now unplugged.
        assert_eq!(at(1500, 200, 1000, 700).placed_on_a_screen(&[LAPTOP]), at(140, 50, 1000, 700));
        // Far away, larger than the screen: shrunk to fit and centred.
        assert_eq!(at(-9000, -9000, 3000, 2000).placed_on_a_screen(&[LAPTOP]), at(0, 0, 1280, 800));
        // Only a sliver shows, or its title bar is above the top edge: not reachable.
        assert_eq!(at(1250, 100, 1000, 700).placed_on_a_screen(&[LAPTOP]), at(140, 50, 1000, 700));
        assert_eq!(at(100, -300, 1000, 700).placed_on_a_screen(&[LAPTOP]), at(140, 50, 1000, 700));
        assert_eq!(at(5, 5, 300, 300).placed_on_a_screen(&[]), at(5, 5, 300, 300), "no screens known");
    }

    #[test]
    fn the_file_round_trips_and_ignores_nonsense() {
        let dir = std::env::temp_dir().join(format!("eflow-window-{}", uuid::Uuid::new_v4()));
        let file = WindowGeometryFile::new(dir.join("window.json"));
        assert_eq!(file.load(), None);
        file.save(&at(-100, 20, 1100, 720)).unwrap();
        assert_eq!(file.load(), Some(at(-100, 20, 1100, 720)));
        std::fs::write(file.path(), br#"{"x": 0, "y": 0, "width": 3, "height": 3}"#).unwrap();
        assert_eq!(file.load(), None);
        std::fs::write(file.path(), b"{torn").unwrap();
        assert_eq!(file.load(), None);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
