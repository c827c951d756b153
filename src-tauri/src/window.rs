//! The main window opens where the user left it (see `eflow_core::window_geometry`): restored at
//! start-up, saved shortly after each move or resize and when the window closes, so even a crash
//! keeps the last place.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use eflow_core::window_geometry::{Screen, WindowGeometry, WindowGeometryFile};
use tauri::{PhysicalPosition, PhysicalSize, WebviewWindow, WindowEvent};

/// Moves and resizes come in bursts while the user drags: save once the burst is over.
const SAVE_DELAY: Duration = Duration::from_millis(400);

struct Keeper {
    file: WindowGeometryFile,
    /// The last geometry seen while not maximized (a maximized window keeps its normal size for later).
    latest: Mutex<Option<WindowGeometry>>,
    changes: AtomicU64,
}

/// Restores the window's saved geometry (moved onto a screen if needed) and keeps it up to date.
pub fn keep_geometry(window: &WebviewWindow, file: WindowGeometryFile) {
    let saved = file.load();
    if let Some(saved) = saved {
        let screens: Vec<Screen> = window
            .available_monitors()
            .unwrap_or_default()
            .iter()
            .map(|monitor| Screen {
                x: monitor.position().x,
                y: monitor.position().y,
                width: monitor.size().width,
                height: monitor.size().height,
            })
            .collect();
        let placed = saved.placed_on_a_screen(&screens);
        if placed != saved {
            tracing::info!(?saved, ?placed, "the window was off every screen; brought back onto one");
        }
        let restored = window
            .set_size(PhysicalSize::new(placed.width, placed.height))
            .and_then(|()| window.set_position(PhysicalPosition::new(placed.x, placed.y)))
            .and_then(|()| if placed.maximized { window.maximize() } else { Ok(()) });
        if let Err(error) = restored {
            tracing::warn!(%error, "the window's last size and position could not be restored");
        }
    }
    let keeper = Arc::new(Keeper { file, latest: Mutex::new(saved), changes: AtomicU64::new(0) });
    let watched = window.clone();
    window.on_window_event(move |event| match event {
        WindowEvent::Moved(_) | WindowEvent::Resized(_) => {
            note(&keeper, &watched);
            let change = keeper.changes.fetch_add(1, Ordering::SeqCst) + 1;
            let keeper = Arc::clone(&keeper);
            tauri::async_runtime::spawn(async move {
                tokio::time::sleep(SAVE_DELAY).await;
                if keeper.changes.load(Ordering::SeqCst) == change {
                    let _ = tauri::async_runtime::spawn_blocking(move || save(&keeper)).await;
                }
            });
        }
        WindowEvent::CloseRequested { .. } => {
            note(&keeper, &watched);
            save(&keeper);
        }
        _ => {}
    });
}

fn note(keeper: &Keeper, window: &WebviewWindow) {
    let (Ok(position), Ok(size)) = (window.outer_position(), window.inner_size()) else {
        return;
    };
    let maximized = window.is_maximized().unwrap_or(false);
    let minimized = window.is_minimized().unwrap_or(false);
    let Ok(mut latest) = keeper.latest.lock() else {
        return;
    };
    if minimized {
        return;
    }
    *latest = Some(match (maximized, *latest) {
        (true, Some(normal)) => WindowGeometry { maximized: true, ..normal },
        _ => WindowGeometry { x: position.x, y: position.y, width: size.width, height: size.height, maximized },
    });
}

fn save(keeper: &Keeper) {
    let Some(geometry) = keeper.latest.lock().ok().and_then(|latest| *latest) else {
        return;
    };
    if let Err(error) = keeper.file.save(&geometry) {
        tracing::warn!(%error, path = %keeper.file.path().display(), "the window's size and position could not be saved");
    }
}
