//! `speclift portal`: the arguments and the driver, so that the binary's
//! `main` only dispatches.

use std::path::PathBuf;

use crate::site::build_site;

#[derive(clap::Args, Debug)]
pub struct PortalArgs {
    /// Spec files (.json/.yaml written by `speclift gen`) or directories of
    /// them; a JSON/YAML twin pair is read once.
    #[arg(value_name = "SPEC", required = true)]
    pub specs: Vec<PathBuf>,
    /// The directory to write the site into (created if missing).
    #[arg(short, long, value_name = "SITE")]
    pub output: PathBuf,
}

/// Builds the site and prints what it wrote. Exit status: 0 written, 1 an
/// input could not be read or the site could not be written.
pub fn run_portal(args: &PortalArgs) -> u8 {
    match build_site(&args.specs, &args.output) {
        Ok(summary) => {
            for (slug, operations, actions) in &summary.apis {
                println!("{slug}: {operations} operations, {actions} actions");
            }
            println!(
                "wrote {} files ({} KiB) to {}; open {}",
                summary.files,
                summary.bytes / 1024,
                args.output.display(),
                args.output.join("index.html").display()
            );
            0
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            1
        }
    }
}
