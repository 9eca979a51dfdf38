fn main() {
    evcheck::platform::init();
    std::process::exit(evcheck::cli::main());
}
