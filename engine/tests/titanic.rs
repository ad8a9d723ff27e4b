//! The Titanic lab on Kaggle's real `train.csv` (fetched by `cargo xtask`, see
//! e2e/fetch-titanic.mjs), on the CPU backend: the cleaning against rows checked by hand, and the
//! three models against the notebook's accuracy.

use engine::cpu_device;
use engine::titanic::{
    COLUMNS, ModelKind, Passenger, Port, Prepared, SEED, Sex, TitanicModel, dummies, log_fare,
    read_passengers,
};
use std::sync::OnceLock;

fn passengers() -> &'static [Passenger] {
    static PASSENGERS: OnceLock<Vec<Passenger>> = OnceLock::new();
    PASSENGERS.get_or_init(|| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../assets/titanic/train.csv");
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e} (run `cargo xtask setup` to fetch it)"));
        read_passengers(&text).unwrap()
    })
}

fn close(a: f32, b: f32) -> bool {
    (a - b).abs() < 1e-5
}

#[test]
fn the_file_is_kaggles_train_csv() {
    let passengers = passengers();
    assert_eq!(passengers.len(), 891);
    assert_eq!(passengers.iter().filter(|p| p.survived).count(), 342);
    assert_eq!(passengers[0].name, "Braund, Mr. Owen Harris");
}

/// pandas: `df.isna().sum()` gives Age 177, Embarked 2; `df.mode()` Age 24, Embarked S; the
/// largest age is 80, SibSp 8, Parch 6, fare 512.3292.
#[test]
fn cleaning_matches_rows_checked_by_hand() {
    let data = Prepared::new(passengers(), SEED).unwrap();
    let c = &data.cleaning;
    assert_eq!(
        (c.missing_age, c.missing_embarked, c.missing_fare),
        (177, 2, 0)
    );
    assert_eq!((c.age_mode, c.embarked_mode), (24.0, Port::Southampton));
    let log_max = (512.3292f32 + 1.0).ln();
    assert!(close(c.maxima[0], 80.0) && close(c.maxima[1], 8.0) && close(c.maxima[2], 6.0));
    assert!(close(c.maxima[3], log_max));
    assert_eq!(c.fare_before.counts.iter().sum::<usize>(), 891);
    assert!(close(c.fare_after.hi, log_max));

    // Passenger 1: male, 22, 1 sibling, third class, 7.25 at Southampton.
    let first = c.features(&passengers()[0]);
    let expected = [
        22.0 / 80.0,
        1.0 / 8.0,
        0.0,
        8.25f32.ln() / log_max,
        1.0,
        0.0,
        0.0,
        0.0,
        1.0,
        0.0,
        0.0,
        1.0,
    ];
    for ((column, got), want) in COLUMNS.iter().zip(first).zip(expected) {
        assert!(close(got, want), "{column}: {got} ≠ {want}");
    }
    // Passenger 6, Mr. James Moran: no age (so the mode, 24), 8.4583 at Queenstown.
    let moran = &passengers()[5];
    assert_eq!((moran.age, moran.embarked), (None, Some(Port::Queenstown)));
    let filled = c.filled(moran);
    assert_eq!(filled.age, Some(24.0));
    let row = dummies(&filled);
    assert_eq!(row[0], 24.0);
    assert!(close(row[3], log_fare(8.4583)));
    assert_eq!(&row[4..], &[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
    // Passenger 62, Miss Amelie Icard: no port, so Southampton.
    assert_eq!(
        c.filled(&passengers()[61]).embarked,
        Some(Port::Southampton)
    );
    // Every input lies in [0, 1]; the dummies of each group sum to one.
    for row in &data.features {
        assert!(row.iter().all(|v| (0.0..=1.0).contains(v)));
        assert_eq!(row[4] + row[5], 1.0);
        assert_eq!(row[6] + row[7] + row[8], 1.0);
        assert_eq!(row[9] + row[10] + row[11], 1.0);
    }
    assert_eq!((data.train.len(), data.valid.len()), (713, 178));
}

/// The notebook reaches about 0.78 to 0.83 on a random split with each model.
#[test]
fn the_three_models_reach_the_notebooks_accuracy() {
    let data = Prepared::new(passengers(), SEED).unwrap();
    let device = cpu_device();
    for kind in ModelKind::ALL {
        let (model, report) = pollster::block_on(TitanicModel::train(
            kind,
            &data,
            kind.default_epochs(),
            kind.default_learning_rate(),
            SEED,
            &device,
        ))
        .unwrap();
        let first = report.losses[0].train;
        let last = report.losses.last().unwrap().train;
        println!(
            "{kind:?}: accuracy {}, loss {first} → {last}",
            report.accuracy
        );
        assert!(last < first, "{kind:?} learned nothing: {first} → {last}");
        assert!(
            (0.78..=0.83).contains(&report.accuracy),
            "{kind:?}: validation accuracy {}",
            report.accuracy
        );
        assert_eq!(report.coefficients.is_some(), kind == ModelKind::Linear);
        // Women in first class mostly lived; men in third mostly did not.
        let mut woman = passengers()[1].clone();
        woman.class = 1;
        woman.sex = Sex::Female;
        let mut man = passengers()[0].clone();
        man.class = 3;
        man.sex = Sex::Male;
        let woman = pollster::block_on(model.predict(&data.cleaning, &woman)).unwrap();
        let man = pollster::block_on(model.predict(&data.cleaning, &man)).unwrap();
        assert!(woman > 0.5 && man < 0.5, "{kind:?}: {woman}, {man}");
    }
}
