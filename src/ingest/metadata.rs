//! Metadata found in the text itself: headline, byline, date line, dateline and publisher,
//! and page furniture to skip. Also date normalisation, shared with the relation stages.
//!
//! Reads `Doc::text`; writes `Doc::metadata`, `Doc::skipped` and `Doc::body_start`. The header
//! conventions are those of wire copy (Reuters, AP, AFP): a headline line, "By NAME", a date
//! line, then a body whose first paragraph opens with "CITY, Mon DD (Agency) -".

use crate::doc::Doc;

crate::words::list! {
    /// Lines that are page furniture, not article text (compared lower-cased and trimmed).
    FURNITURE = "metadata/furniture.txt"
}

crate::words::list! {
    /// Month names, in order, for reading dates.
    MONTHS = "metadata/months.txt"
}

/// Month number (1–12) of an English month name or abbreviation ("Dec", "Dec.", "Sept").
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(&w)))
        .map(|i| i as u32 + 1)
}

/// Is this line page furniture?
pub fn is_furniture(line: &str) -> bool {
    let lower = line.trim().to_lowercase();
    FURNITURE.contains(&lower.as_str())
        || lower.contains("cookie")
            && (lower.contains("accept") || lower.contains("we use"))
            && lower.len() < 200
}

/// Normalises a date written in English to ISO 8601 (`YYYY-MM-DD`). Accepts "December 15,
/// 2022", "Dec 15, 2022", "15 December 2022", "2022-12-15", "Friday, July 21, 2017", and,
/// with a reference date, "Dec 15" (the year of the reference). Returns `None` otherwise.
pub fn parse_date(text: &str, reference: Option<&str>) -> Option<String> {
    let cleaned: String = text
        .chars()
        .map(|c| if c == ',' { ' ' } else { c })
        .collect();
    let words: Vec<&str> = cleaned.split_whitespace().collect();
    if words.len() == 1 {
        let w = words[0];
        let parts: Vec<&str> = w.split('-').collect();
        if parts.len() == 3 && parts[0].len() == 4 {
            let (y, m, d) = (
                parts[0].parse::<i32>().ok()?,
                parts[1].parse::<u32>().ok()?,
                parts[2].get(..2)?.parse::<u32>().ok()?,
            );
            return valid(y, m, d);
        }
        return None;
    }
    let ref_year = reference
        .and_then(|r| r.get(..4))
        .and_then(|y| y.parse::<i32>().ok());
    for (i, w) in words.iter().enumerate() {
        if let Some(month) = month_number(w) {
            let day_after = words.get(i + 1).and_then(|d| parse_day(d));
            let day_before = i.checked_sub(1).and_then(|j| parse_day(words[j]));
            let (day, year_idx) = match (day_after, day_before) {
                (Some(d), _) => (d, i + 2),
                (None, Some(d)) => (d, i + 1),
                _ => continue,
            };
            let year = words
                .get(year_idx)
                .and_then(|y| y.parse::<i32>().ok())
                .filter(|y| (1000..3000).contains(y))
                .or(ref_year)?;
            return valid(year, month, day);
        }
    }
    None
}

fn parse_day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

fn valid(y: i32, m: u32, d: u32) -> Option<String> {
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Fills `doc.metadata`, `doc.skipped` and `doc.body_start` from the text's header lines.
pub fn detect_metadata(doc: &mut Doc) {
    let text = doc.text.as_str();
    let mut offset = 0;
    let mut header_lines = 0;
    let mut title = None;
    let mut author = None;
    let mut published = None;
    let mut body_start = None;
    let mut skipped = Vec::new();
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let line_range = start..start + line.trim_end().len();
        if is_furniture(trimmed) {
            skipped.push(line_range);
            continue;
        }
        if body_start.is_some() {
            continue;
        }
        header_lines += 1;
        let words = trimmed.split_whitespace().count();
        if let Some(name) = trimmed
            .strip_prefix("By ")
            .or_else(|| trimmed.strip_prefix("BY "))
        {
            if words <= 10 && author.is_none() {
                author = Some(name.trim().to_string());
                continue;
            }
        }
        if published.is_none() && words <= 8 {
            if let Some(date) = parse_date(trimmed, None) {
                published = Some(date);
                continue;
            }
        }
        // The headline is a short first line that does not read as a full sentence.
        let ends_sentence = trimmed.ends_with(['.', '"', '\u{201d}']);
        if title.is_none() && header_lines == 1 && words <= 25 && !ends_sentence {
            title = Some(trimmed.to_string());
            continue;
        }
        body_start = Some(start);
    }
    let mut body_start = body_start.unwrap_or(0);
    // A headline that ends in a full stop read as the body's first line: where the line after
    // it opens with a wire dateline, the first line is the headline and the body starts there.
    if title.is_none() && dateline(&text[body_start..]).is_none() {
        let first = &text[body_start..];
        let line_end = first.find('\n').unwrap_or(first.len());
        let next = line_end + first[line_end..].len() - first[line_end..].trim_start().len();
        if first[..line_end].split_whitespace().count() <= 25
            && next < first.len()
            && dateline(&first[next..]).is_some()
        {
            title = Some(first[..line_end].trim().to_string());
            body_start += next;
        }
    }
    doc.skipped = skipped;
    doc.body_start = body_start;
    let meta = &mut doc.metadata;
    meta.title = meta.title.take().or(title);
    meta.author = meta.author.take().or(author);
    meta.published = meta.published.take().or(published);
    if let Some((place, date, agency)) = dateline(&doc.text[doc.body_start..]) {
        meta.dateline.get_or_insert(place);
        if let Some(agency) = agency {
            meta.publisher.get_or_insert(agency);
        }
        if meta.published.is_none() {
            meta.published = date.and_then(|d| parse_date(&d, None));
        }
    }
}

/// Parses a wire dateline at the start of the body: "ROME, Dec 15 (Reuters) -",
/// "WASHINGTON (AP) —", "PARIS, France -". Returns place, date text and agency.
pub fn dateline(body: &str) -> Option<(String, Option<String>, Option<String>)> {
    let head: String = body.chars().take(120).collect();
    let end = head
        .find(" - ")
        .or_else(|| head.find(" \u{2014}"))
        .or_else(|| head.find(" \u{2013}"))
        .or_else(|| head.find(" -- "))?;
    let lead = head[..end].trim();
    let (lead, agency) = match (lead.rfind('('), lead.ends_with(')')) {
        (Some(open), true) => (
            lead[..open].trim(),
            Some(lead[open + 1..lead.len() - 1].trim().to_string()),
        ),
        _ => (lead, None),
    };
    let mut parts = lead.splitn(2, ',');
    let place = parts.next()?.trim();
    let is_place = !place.is_empty()
        && place.len() <= 40
        && place
            .chars()
            .all(|c| c.is_uppercase() || c == ' ' || c == '.' || c == '\'' || c == '-')
        && place.chars().any(char::is_alphabetic);
    if !is_place {
        return None;
    }
    let date = parts
        .next()
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty());
    Some((place.to_string(), date, agency))
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), after Howard Hinnant's
/// `days_from_civil`.
pub fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(if m <= 2 { y - 1 } else { y });
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day count since 1970-01-01, as ISO 8601.
pub fn civil_from_days(z: i64) -> String {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Resolves a relative date expression against the article date (ISO). Handles weekdays
/// ("on Thursday": the latest such day on or before the article date), "today", "yesterday",
/// "last week/month/year", "Dec 15" and full dates. Returns ISO dates, or `YYYY-MM` / `YYYY`.
pub fn resolve_date(expr: &str, reference: Option<&str>) -> Option<String> {
    let lower = expr.trim().to_lowercase();
    if let Some(date) = parse_date(expr, reference) {
        return Some(date);
    }
    if lower.len() == 4 && lower.chars().all(|c| c.is_ascii_digit()) {
        return Some(lower);
    }
    let reference = reference?;
    let y: i32 = reference.get(..4)?.parse().ok()?;
    let m: u32 = reference.get(5..7)?.parse().ok()?;
    let d: u32 = reference.get(8..10)?.parse().ok()?;
    let days = days_from_civil(y, m, d);
    const WEEKDAYS: [&str; 7] = [
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
    ];
    let word = lower.trim_start_matches("on ").trim_start_matches("last ");
    if let Some(wd) = WEEKDAYS.iter().position(|w| *w == word) {
        // 1970-01-01 was a Thursday, index 0 above.
        let today = days.rem_euclid(7);
        let back = (today - wd as i64).rem_euclid(7);
        let back = if lower.starts_with("last ") && back == 0 {
            7
        } else {
            back
        };
        return Some(civil_from_days(days - back));
    }
    match lower.as_str() {
        "today" => Some(reference[..10].to_string()),
        "yesterday" => Some(civil_from_days(days - 1)),
        "last week" => Some(civil_from_days(days - 7)),
        "last month" => {
            let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
            Some(format!("{py:04}-{pm:02}"))
        }
        "last year" => Some(format!("{:04}", y - 1)),
        "this year" => Some(format!("{y:04}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_date(input: &str, expected: Option<&str>) {
        assert_eq!(
            parse_date(input, Some("2022-12-15")).as_deref(),
            expected,
            "{input}"
        );
    }

    #[test]
    fn metadata_parses_dates() {
        check_date("December 15, 2022", Some("2022-12-15"));
        check_date("Dec 15, 2022", Some("2022-12-15"));
        check_date("15 December 2021", Some("2021-12-15"));
        check_date("Friday, July 21, 2017", Some("2017-07-21"));
        check_date("2020-03-04", Some("2020-03-04"));
        check_date("Dec. 3", Some("2022-12-03"));
        check_date("no date here", None);
        check_date("May", None);
    }

    #[test]
    fn metadata_resolves_relative_dates() {
        // 2022-12-15 was a Thursday.
        assert_eq!(
            resolve_date("on Thursday", Some("2022-12-15")).as_deref(),
            Some("2022-12-15")
        );
        assert_eq!(
            resolve_date("Monday", Some("2022-12-15")).as_deref(),
            Some("2022-12-12")
        );
        assert_eq!(
            resolve_date("last week", Some("2022-12-15")).as_deref(),
            Some("2022-12-08")
        );
        assert_eq!(
            resolve_date("yesterday", Some("2022-03-01")).as_deref(),
            Some("2022-02-28")
        );
        assert_eq!(
            resolve_date("since 2016".trim_start_matches("since "), None).as_deref(),
            Some("2016")
        );
        assert_eq!(
            resolve_date("last month", Some("2022-01-10")).as_deref(),
            Some("2021-12")
        );
    }

    #[test]
    fn metadata_reads_wire_header() {
        let mut doc = Doc::new(
            "a.txt",
            "top of page\n\nMinisters meet in Oslo\n\nBy Jane Roe and John Doe\n\nMarch 3, 2021\n\nOSLO, March 3 (AFP) - Ministers met.\n",
        );
        detect_metadata(&mut doc);
        let meta = &doc.metadata;
        assert_eq!(meta.title.as_deref(), Some("Ministers meet in Oslo"));
        assert_eq!(meta.author.as_deref(), Some("Jane Roe and John Doe"));
        assert_eq!(meta.published.as_deref(), Some("2021-03-03"));
        assert_eq!(meta.dateline.as_deref(), Some("OSLO"));
        assert_eq!(meta.publisher.as_deref(), Some("AFP"));
        assert_eq!(doc.skipped, vec![0..11]);
        assert!(doc.text[doc.body_start..].starts_with("OSLO"));
    }

    /// A headline that ends in a full stop, then a dateline: the headline is the title and the
    /// dateline opens the body. Two sentences of body are no headline.
    #[test]
    fn metadata_headline_with_a_full_stop_before_a_dateline() {
        let mut doc = Doc::new(
            "a.txt",
            "Senator urges the U.S. to act.\n\nNEW YORK, Nov. 19 (UPI) \u{2014} The senator spoke.\n",
        );
        detect_metadata(&mut doc);
        assert_eq!(
            doc.metadata.title.as_deref(),
            Some("Senator urges the U.S. to act.")
        );
        assert_eq!(doc.metadata.dateline.as_deref(), Some("NEW YORK"));
        assert_eq!(doc.metadata.publisher.as_deref(), Some("UPI"));
        assert!(doc.text[doc.body_start..].starts_with("NEW YORK"));
        let mut doc = Doc::new("b.txt", "The senator spoke.\n\nShe left at noon - or so.\n");
        detect_metadata(&mut doc);
        assert_eq!((doc.metadata.title.as_deref(), doc.body_start), (None, 0));
    }

    #[test]
    fn metadata_dateline_variants() {
        assert_eq!(
            dateline("WASHINGTON (AP) \u{2014} The"),
            Some(("WASHINGTON".into(), None, Some("AP".into())))
        );
        assert_eq!(dateline("The minister said - no"), None);
    }
}
