use super::*;
use proptest::prelude::*;

fn table(text: &str) -> Result<Table, TableError> {
    parse(text.as_bytes(), "j.csv")
}

fn err(text: &str) -> String {
    table(text).unwrap_err().to_string()
}

#[test]
fn csv_with_and_without_header() {
    let t = table("a,b\n1,2\n3,4.5\n").unwrap();
    assert_eq!((t.rows, t.cols, t.header), (2, 2, true));
    assert_eq!(t.data, vec![1.0, 2.0, 3.0, 4.5]);
    let t = table("1,2\r\n3,4").unwrap();
    assert_eq!((t.rows, t.cols, t.header), (2, 2, false));
    assert_eq!(t.data, vec![1.0, 2.0, 3.0, 4.0]);
}

#[test]
fn byte_order_mark_is_skipped() {
    let t = parse(&b"\xEF\xBB\xBF1,2\n3,4\n"[..], "j.csv").unwrap();
    assert_eq!((t.rows, t.cols, t.header), (2, 2, false));
    assert_eq!(t.data, vec![1.0, 2.0, 3.0, 4.0]);
}

#[test]
fn numpy_savetxt_format() {
    // numpy.savetxt(f, [[1, -2.5], [3e-3, 4]]) with its default fmt '%.18e' and ' '
    let text = "# a comment header\n\
                1.000000000000000000e+00 -2.500000000000000000e+00\n\
                3.000000000000000062e-03 4.000000000000000000e+00\n";
    let t = table(text).unwrap();
    assert_eq!((t.rows, t.cols), (2, 2));
    assert_eq!(t.data, vec![1.0, -2.5, 3e-3, 4.0]);
    // tab-separated, runs of spaces, comma plus space
    assert_eq!(
        table("1\t2\n3    4\n").unwrap().data,
        vec![1.0, 2.0, 3.0, 4.0]
    );
    assert_eq!(
        table("1, 2\n3 ,4\n").unwrap().data,
        vec![1.0, 2.0, 3.0, 4.0]
    );
}

#[test]
fn a_typo_in_the_first_line_is_not_a_header() {
    assert_eq!(
        err("1,2,x3\n4,5,6\n"),
        "j.csv, line 1, column 3: 'x3' is not a number"
    );
    assert_eq!(
        err("1,2\n\n3,4o\n"),
        "j.csv, line 3, column 2: '4o' is not a number"
    );
    assert_eq!(
        err("a,b\nc,d\n"),
        "j.csv, line 2, column 1: 'c' is not a number"
    );
}

#[test]
fn bad_entries_are_located() {
    let t = table("1,nan\n").unwrap();
    assert!(t.data[1].is_nan());
    assert_eq!(
        err("1,2\n3,,4\n"),
        "j.csv, line 2, column 2: the entry is empty (two separators in a row, or one at the start or end of the line)"
    );
    assert!(err("1,2,\n").starts_with("j.csv, line 1, column 3: the entry is empty"));
    assert!(err(",1\n").starts_with("j.csv, line 1, column 1: the entry is empty"));
    assert_eq!(
        err("1,2\n3\n"),
        "j.csv, line 2 has 1 entries but line 1 has 2; every row must have the same number of entries"
    );
    assert_eq!(err("x\n\n"), "j.csv holds no numbers");
    assert_eq!(err(""), "j.csv holds no numbers");
}

#[test]
fn endless_or_binary_input_stops_early() {
    // /dev/zero: NUL bytes without a line end
    let zeros = std::io::repeat(0).take(10 * MAX_ENTRY_LEN as u64);
    let e = parse(zeros, "/dev/zero").unwrap_err().to_string();
    assert!(
        e.starts_with("/dev/zero, line 1, column 1: an entry longer than 64 characters ('\\0\\0"),
        "{e}"
    );
    let e = parse(&b"1,\xff\xfe\n"[..], "b.csv")
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "b.csv, line 1, column 2: '\u{FFFD}\u{FFFD}' is not a number"
    );
}

#[test]
fn size_bounds_are_enforced() {
    // an endless stream of spaces stops at the byte bound
    let e = parse_bounded(std::io::repeat(b' '), "big.csv", 100_000, 10)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "big.csv is larger than 100000 bytes, the most this reader takes"
    );
    let e = parse_bounded(&b"1 2 3\n4 5 6\n"[..], "m.csv", 100, 5)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "m.csv has more than 5 numbers, the most this reader takes"
    );
    assert_eq!(
        parse_bounded(&b"1 2 3\n4 5 6\n"[..], "m.csv", 12, 6)
            .unwrap()
            .rows,
        2
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse(&bytes[..], "fuzz.csv");
    }

    #[test]
    fn numeric_text_never_panics(text in "[0-9eE+.,\\- \t\r\n#a\"]{0,200}") {
        if let Ok(t) = table(&text) {
            prop_assert_eq!(t.data.len(), t.rows * t.cols);
        }
    }

    #[test]
    fn written_tables_read_back(rows in proptest::collection::vec(
        proptest::collection::vec(-1e6f64..1e6, 3), 1..20), sep in prop_oneof![Just(","), Just(" ")]) {
        let text: String = rows
            .iter()
            .map(|r| r.iter().map(|v| format!("{v:e}")).collect::<Vec<_>>().join(sep) + "\n")
            .collect();
        let t = table(&text).unwrap();
        prop_assert_eq!(t.rows, rows.len());
        prop_assert_eq!(t.data, rows.concat());
    }
}
