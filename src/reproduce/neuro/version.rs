//! The version of what a shard's records hold. A record is a trained and measured network;
//! a later run takes it instead of training again (a stopped shard resumes,
//! [`super::checkpoint`]; `--reuse` takes a finished shard's networks, [`super::reuse`];
//! `--collect` draws figures from shards, [`super::shard`]). That is only right when the
//! record is what this code would compute. Every manifest carries [`RECORDS_VERSION`]; a
//! record of another version is refused by resume and `--reuse`, and `--collect` refuses
//! to mix versions.
//!
//! The test beside this constant pins the numbers of one small network: a change to the
//! training, the task generators or the measures that moves them fails it, and the way out
//! is to bump [`RECORDS_VERSION`] together with the pinned numbers.

/// The version of the training and measures behind a shard record (shard files written
/// before versions were recorded read as 0).
pub const RECORDS_VERSION: u32 = 1;

#[cfg(test)]
mod tests {
    use super::super::job::run_job;
    use super::super::plan::Plan;
    use super::RECORDS_VERSION;
    use oblique_validate::rnn::tasks::TaskKind;

    /// (version, final loss, correlation, |x|, noise ratio, relative susceptibility) of the
    /// first network of a 20-step flip-flop plan at N = 32, seed 3.
    const PINNED: (u32, [f64; 5]) = (
        1,
        [
            1.055508683163792,
            0.24021217361835145,
            3.605540240773379,
            0.5991653876885116,
            0.995052987236551,
        ],
    );

    #[test]
    fn records_version_pins_the_numbers_of_a_network() {
        let plan = Plan::tiny(TaskKind::Flipflop, 1, 20, 3);
        let rec = run_job(&plan, &plan.jobs()[0]).unwrap();
        let pert = rec.robust.pert.as_ref().expect("perturbation curves");
        let got = [
            rec.final_loss,
            rec.state.corr,
            rec.state.x_norm,
            rec.robust.noise_ratio.expect("noise ratio"),
            pert.relative_susceptibility,
        ];
        assert_eq!(
            PINNED.0, RECORDS_VERSION,
            "RECORDS_VERSION changed: pin the numbers of this version"
        );
        for (name, (g, want)) in ["final loss", "corr", "|x|", "noise ratio", "susceptibility"]
            .iter()
            .zip(got.iter().zip(PINNED.1))
        {
            // 1e-7: across CPUs (AVX2, AVX-512) and the lapack build the numbers agree to
            // rounding; a change of the computation moves them far more
            assert!(
                (g - want).abs() <= 1e-7 * want.abs(),
                "{name} is {g}, pinned {want}: the training or the measures changed; \
                 bump RECORDS_VERSION and pin the new numbers, so that shards of the \
                 earlier code are not resumed or reused as this code's"
            );
        }
    }
}
