//! The main window opens where the user left it (see `eflow_core::window_geometry`): restored at
//! start-up, saved shortly after each move or resize and when the window closes, so even a crash
//! keeps the last place.
//!
//! It is created hidden and shown once its page has loaded: WebKitGTK, asked to draw a web view
//! whose web process is still starting, blocks the main thread for up to half a second waiting
//! for it, which delayed the page itself (measured: 700 instead of 200 ms to the page's start).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use eflow_core::window_geometry::{Screen, WindowGeometry, WindowGeometryFile};
use tauri::{PhysicalPosition, PhysicalSize, WebviewWindow, Window, WindowEvent};

/// Moves and resizes come in bursts while the user drags: save once the burst is over.
const SAVE_DELAY: Duration = Duration::from_millis(400);
/// A page that never finishes loading must not leave the app without a window.
const SHOW_AT_THE_LATEST: Duration = Duration::from_secs(3);

static SHOWN: AtomicBool = AtomicBool::new(false);

/// Shows the main window the first time its page has loaded (later loads change nothing).
pub fn show_once_loaded(window: &Window) {
    if !SHOWN.swap(true, Ordering::SeqCst) {
        if let Err(error) = window.show() {
            tracing::error!(%error, "the window could not be shown");
        }
    }
}

/// Shows the main window after [`SHOW_AT_THE_LATEST`] even if its page never said it loaded.
pub fn show_even_if_never_loaded(window: &Window) {
    let window = window.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(SHOW_AT_THE_LATEST).await;
        if !SHOWN.load(Ordering::SeqCst) {
            tracing::warn!("the page had not loaded after {SHOW_AT_THE_LATEST:?}; showing the window anyway");
            show_once_loaded(&window);
        }
    });
}

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
