//! The staff app, served under `/staff/`: its own WASM, so shoppers never download it.

fn main() {
    lottrace::start(lottrace::staff_app::StaffApp);
}
