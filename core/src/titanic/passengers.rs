//! Kaggle's Titanic `train.csv`, read into passengers. A file without the needed columns, or
//! with a value that cannot be, is refused with the line and the problem.

use crate::data_text::{DataError, MAX_ROWS};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

/// Where a passenger came aboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Port {
    Cherbourg,
    Queenstown,
    Southampton,
}

impl Port {
    pub const ALL: [Self; 3] = [Self::Cherbourg, Self::Queenstown, Self::Southampton];

    /// The letter Kaggle's file uses.
    pub fn letter(self) -> &'static str {
        match self {
            Self::Cherbourg => "C",
            Self::Queenstown => "Q",
            Self::Southampton => "S",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Cherbourg => "Cherbourg",
            Self::Queenstown => "Queenstown",
            Self::Southampton => "Southampton",
        }
    }
}

/// One row of the file, as it is: missing values stay missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Passenger {
    pub id: u32,
    pub name: String,
    pub survived: bool,
    /// Ticket class, 1 to 3.
    pub class: u8,
    pub sex: Sex,
    pub age: Option<f32>,
    pub siblings_spouses: u32,
    pub parents_children: u32,
    pub fare: Option<f32>,
    pub embarked: Option<Port>,
}

/// The columns used, as the file names them.
const NEEDED: [&str; 10] = [
    "PassengerId",
    "Name",
    "Survived",
    "Pclass",
    "Sex",
    "Age",
    "SibSp",
    "Parch",
    "Fare",
    "Embarked",
];

/// Every passenger of the file.
pub fn read_passengers(text: &str) -> Result<Vec<Passenger>, DataError> {
    if text.trim().is_empty() {
        return Err(DataError::whole("The file is empty."));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| DataError::at(1, e.to_string()))?
        .clone();
    let mut columns = [0; NEEDED.len()];
    for (slot, name) in columns.iter_mut().zip(NEEDED) {
        *slot = header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| DataError::at(1, format!("there is no column “{name}”.")))?;
    }
    let mut passengers = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            DataError::at(line, e.to_string())
        })?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        if passengers.len() == MAX_ROWS {
            return Err(DataError::whole(format!(
                "The file has more than {MAX_ROWS} passengers."
            )));
        }
        let field = |i: usize| record.get(columns[i]).unwrap_or("").trim();
        let problem = |p: String| DataError::at(line, p);
        passengers.push(Passenger {
            id: number(field(0), "PassengerId").map_err(problem)?,
            name: field(1).to_string(),
            survived: match field(2) {
                "0" => false,
                "1" => true,
                other => return Err(problem(format!("Survived is “{other}”, not 0 or 1."))),
            },
            class: match field(3) {
                "1" => 1,
                "2" => 2,
                "3" => 3,
                other => return Err(problem(format!("Pclass is “{other}”, not 1, 2 or 3."))),
            },
            sex: match field(4) {
                "male" => Sex::Male,
                "female" => Sex::Female,
                other => return Err(problem(format!("Sex is “{other}”, not male or female."))),
            },
            age: optional(field(5), "Age").map_err(problem)?,
            siblings_spouses: number(field(6), "SibSp").map_err(problem)?,
            parents_children: number(field(7), "Parch").map_err(problem)?,
            fare: optional(field(8), "Fare").map_err(problem)?,
            embarked: match field(9) {
                "" => None,
                letter => Some(
                    Port::ALL
                        .into_iter()
                        .find(|p| p.letter() == letter)
                        .ok_or_else(|| {
                            problem(format!("Embarked is “{letter}”, not C, Q or S."))
                        })?,
                ),
            },
        });
    }
    if passengers.is_empty() {
        return Err(DataError::whole("The file has a header but no passengers."));
    }
    Ok(passengers)
}

fn number<T: std::str::FromStr>(field: &str, column: &str) -> Result<T, String> {
    field
        .parse()
        .map_err(|_| format!("{column} is “{field}”, which is not a whole number."))
}

/// An empty field is missing; anything else must be a finite, non-negative number.
fn optional(field: &str, column: &str) -> Result<Option<f32>, String> {
    if field.is_empty() {
        return Ok(None);
    }
    match field.parse::<f32>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        _ => Err(format!(
            "{column} is “{field}”, which is not a number of zero or more."
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "PassengerId,Survived,Pclass,Name,Sex,Age,SibSp,Parch,Ticket,Fare,Cabin,Embarked\n";

    #[test]
    fn reads_quoted_names_and_missing_values() {
        let text = format!(
            "{HEADER}1,0,3,\"Braund, Mr. Owen Harris\",male,22,1,0,A/5 21171,7.25,,S\n6,0,3,\"Moran, Mr. James\",male,,0,0,330877,8.4583,,Q\n62,1,1,\"Icard, Miss. Amelie\",female,38,0,0,113572,80,B28,\n"
        );
        let passengers = read_passengers(&text).unwrap();
        assert_eq!(passengers.len(), 3);
        assert_eq!(passengers[0].name, "Braund, Mr. Owen Harris");
        assert_eq!(passengers[0].age, Some(22.0));
        assert_eq!(passengers[0].embarked, Some(Port::Southampton));
        assert_eq!(passengers[1].age, None);
        assert_eq!(passengers[2].embarked, None);
        assert!(passengers[2].survived && passengers[2].sex == Sex::Female);
    }

    #[test]
    fn bad_files_name_the_line_and_the_problem() {
        let error = |text: &str| read_passengers(text).unwrap_err().to_string();
        assert_eq!(error(""), "The file is empty.");
        assert_eq!(
            error("PassengerId,Survived\n1,0\n"),
            "Line 1: there is no column “Name”."
        );
        let bad_age = format!(
            "{HEADER}1,0,3,\"A, Mr. B\",male,22,1,0,T,7.25,,S\n2,1,2,\"C, Mrs. D\",female,NaN,0,0,T,9,,C\n"
        );
        assert_eq!(
            error(&bad_age),
            "Line 3: Age is “NaN”, which is not a number of zero or more."
        );
        let bad_sex = format!("{HEADER}1,0,3,\"A, Mr. B\",cat,22,1,0,T,7.25,,S\n");
        assert_eq!(error(&bad_sex), "Line 2: Sex is “cat”, not male or female.");
        assert_eq!(error(HEADER), "The file has a header but no passengers.");
    }
}
