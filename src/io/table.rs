//! Reads a table of numbers from a text file: comma-separated (CSV) or whitespace-separated
//! as numpy's `savetxt` writes it, with or without a header line.
//!
//! - A UTF-8 byte-order mark at the start is skipped; `\r\n` line ends are accepted.
//! - Lines starting with `#` (and the rest of a line after `#`) are comments, as in
//!   `numpy.loadtxt`; blank lines are skipped.
//! - The first line is a header only when none of its fields is a number; a first line
//!   with some numbers and some other text is an error naming the line and column.
//! - `nan` and `inf` are read as numbers (as numpy writes them); the caller decides whether
//!   they are allowed.
//! - Every bad entry is reported with its line and column (1-based); every row must have
//!   as many entries as the first.
//! - The input is read in a stream with bounds: at most [`MAX_BYTES`] bytes and
//!   [`MAX_ENTRIES`] numbers (memory: 8 bytes per number), so neither a huge one-line file
//!   nor an endless device (`/dev/zero`) can exhaust memory.
//!
//! The `csv` crate is not used here because it holds a whole record in memory (a 500 MB
//! one-line file would need 500 MB before the first number) and has no
//! whitespace-run separator.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// The most bytes read from one input file (1 GiB).
pub const MAX_BYTES: u64 = 1 << 30;
/// The most numbers read from one input file (2^25, a 5792 x 5792 matrix; 256 MiB).
pub const MAX_ENTRIES: usize = 1 << 25;
/// The longest entry, in bytes.
pub const MAX_ENTRY_LEN: usize = 64;

/// A table of numbers, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// number of rows
    pub rows: usize,
    /// number of columns
    pub cols: usize,
    /// the entries, row after row
    pub data: Vec<f64>,
    /// whether the first line was taken as a header
    pub header: bool,
}

/// Why a table could not be read. Every message names the file.
#[derive(Debug, thiserror::Error)]
pub enum TableError {
    #[error("cannot read {file}: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}, line {line}, column {col}: '{text}' is not a number")]
    NotANumber {
        file: String,
        line: u64,
        col: usize,
        text: String,
    },
    #[error("{file}, line {line}, column {col}: the entry is empty (two separators in a row, or one at the start or end of the line)")]
    EmptyEntry { file: String, line: u64, col: usize },
    #[error("{file}, line {line}, column {col}: an entry longer than {MAX_ENTRY_LEN} characters ('{start}...'); is this a text file of numbers?")]
    TooLong {
        file: String,
        line: u64,
        col: usize,
        start: String,
    },
    #[error("{file}, line {line} has {got} entries but line {first_line} has {expected}; every row must have the same number of entries")]
    Ragged {
        file: String,
        line: u64,
        got: usize,
        first_line: u64,
        expected: usize,
    },
    #[error("{file} is larger than {max_bytes} bytes, the most this reader takes")]
    TooBig { file: String, max_bytes: u64 },
    #[error("{file} has more than {max_entries} numbers, the most this reader takes")]
    TooMany { file: String, max_entries: usize },
    #[error("{file} holds no numbers")]
    Empty { file: String },
}

/// Reads the table in `path` (see the module documentation).
pub fn read(path: &Path) -> Result<Table, TableError> {
    let file = path.display().to_string();
    let f = std::fs::File::open(path).map_err(|source| TableError::Io {
        file: file.clone(),
        source,
    })?;
    parse(f, &file)
}

/// Reads a table from `input`; `file` names it in error messages.
pub fn parse<R: Read>(input: R, file: &str) -> Result<Table, TableError> {
    parse_bounded(input, file, MAX_BYTES, MAX_ENTRIES)
}

/// As [`parse`], with other bounds on the bytes read and the numbers kept.
pub fn parse_bounded<R: Read>(
    input: R,
    file: &str,
    max_bytes: u64,
    max_entries: usize,
) -> Result<Table, TableError> {
    let mut reader = BufReader::new(input.take(max_bytes.saturating_add(1)));
    let mut p = Parser::new(file, max_entries);
    let io_err = |source| TableError::Io {
        file: file.to_string(),
        source,
    };
    let mut total: u64 = 0;
    let mut start = true;
    loop {
        let chunk = reader.fill_buf().map_err(io_err)?;
        if chunk.is_empty() {
            break;
        }
        let n = chunk.len();
        total += n as u64;
        if total > max_bytes {
            return Err(TableError::TooBig {
                file: p.file,
                max_bytes,
            });
        }
        let mut bytes = chunk;
        if start {
            start = false;
            if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                bytes = rest;
            }
        }
        for &b in bytes {
            p.byte(b)?;
        }
        reader.consume(n);
    }
    p.finish()
}

/// The streaming tokenizer's state.
struct Parser {
    file: String,
    max_entries: usize,
    line: u64,
    /// fields completed on this line
    col: usize,
    field: Vec<u8>,
    last_was_comma: bool,
    in_comment: bool,
    data: Vec<f64>,
    /// where this line's numbers start in `data`
    row_start: usize,
    rows: usize,
    cols: usize,
    first_line: u64,
    header: bool,
    /// on the first content line: the first field that is not a number
    first_bad: Option<(usize, String)>,
}

impl Parser {
    fn new(file: &str, max_entries: usize) -> Self {
        Parser {
            file: file.to_string(),
            max_entries,
            line: 1,
            col: 0,
            field: Vec::with_capacity(MAX_ENTRY_LEN),
            last_was_comma: false,
            in_comment: false,
            data: Vec::new(),
            row_start: 0,
            rows: 0,
            cols: 0,
            first_line: 0,
            header: false,
            first_bad: None,
        }
    }

    fn byte(&mut self, b: u8) -> Result<(), TableError> {
        if b == b'\n' {
            return self.end_line();
        }
        if self.in_comment {
            return Ok(());
        }
        match b {
            b' ' | b'\t' | b'\r' => self.end_field(),
            b',' => {
                let at_start = self.col == 0 && self.field.is_empty();
                let was_comma = self.last_was_comma && self.field.is_empty();
                self.end_field()?;
                if at_start || was_comma {
                    return Err(self.empty_entry());
                }
                self.last_was_comma = true;
                Ok(())
            }
            b'#' => {
                self.end_field()?;
                self.in_comment = true;
                Ok(())
            }
            b'"' => Ok(()),
            _ => {
                if self.field.len() >= MAX_ENTRY_LEN {
                    return Err(TableError::TooLong {
                        file: self.file.clone(),
                        line: self.line,
                        col: self.col + 1,
                        start: printable(&self.field[..16]),
                    });
                }
                self.field.push(b);
                Ok(())
            }
        }
    }

    fn empty_entry(&self) -> TableError {
        TableError::EmptyEntry {
            file: self.file.clone(),
            line: self.line,
            col: self.col + 1,
        }
    }

    /// Parses the field in progress, if any.
    fn end_field(&mut self) -> Result<(), TableError> {
        if self.field.is_empty() {
            return Ok(());
        }
        self.col += 1;
        self.last_was_comma = false;
        let text = std::str::from_utf8(&self.field).ok();
        let value = text.and_then(|t| t.parse::<f64>().ok());
        let first_content_line = self.rows == 0 && !self.header;
        match value {
            Some(v) => {
                if self.data.len() >= self.max_entries {
                    return Err(TableError::TooMany {
                        file: self.file.clone(),
                        max_entries: self.max_entries,
                    });
                }
                self.data.push(v);
            }
            None if first_content_line => {
                if self.first_bad.is_none() {
                    self.first_bad = Some((self.col, printable(&self.field)));
                }
            }
            None => {
                return Err(TableError::NotANumber {
                    file: self.file.clone(),
                    line: self.line,
                    col: self.col,
                    text: printable(&self.field),
                })
            }
        }
        self.field.clear();
        Ok(())
    }

    /// Closes a line: a header, a row, or nothing (blank or comment).
    fn end_line(&mut self) -> Result<(), TableError> {
        if !self.in_comment {
            let ends_with_comma = self.last_was_comma && self.field.is_empty();
            self.end_field()?;
            if ends_with_comma {
                return Err(self.empty_entry());
            }
        }
        let numbers = self.data.len() - self.row_start;
        if let Some((col, text)) = self.first_bad.take() {
            if numbers > 0 {
                return Err(TableError::NotANumber {
                    file: self.file.clone(),
                    line: self.line,
                    col,
                    text,
                });
            }
            self.header = true;
        } else if numbers > 0 {
            self.end_row(numbers)?;
        }
        self.line += 1;
        self.col = 0;
        self.last_was_comma = false;
        self.in_comment = false;
        Ok(())
    }

    fn end_row(&mut self, numbers: usize) -> Result<(), TableError> {
        if self.rows == 0 {
            self.cols = numbers;
            self.first_line = self.line;
        } else if numbers != self.cols {
            return Err(TableError::Ragged {
                file: self.file.clone(),
                line: self.line,
                got: numbers,
                first_line: self.first_line,
                expected: self.cols,
            });
        }
        self.rows += 1;
        self.row_start = self.data.len();
        Ok(())
    }

    fn finish(mut self) -> Result<Table, TableError> {
        self.end_line()?;
        if self.rows == 0 {
            return Err(TableError::Empty { file: self.file });
        }
        Ok(Table {
            rows: self.rows,
            cols: self.cols,
            data: self.data,
            header: self.header,
        })
    }
}

/// An entry as text for a message: invalid UTF-8 and control characters escaped.
fn printable(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).escape_debug().to_string()
}

#[cfg(test)]
mod tests;
