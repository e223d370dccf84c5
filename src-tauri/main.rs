// Release builds on Windows are GUI programs: no console window behind the app.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

/// The allocator: an assessment makes thousands of small, short-lived allocations, which
/// mimalloc serves about a third faster than the system allocator (engine-bench, issue 18).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    huiqi_desktop::run();
}
