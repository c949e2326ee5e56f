//! The 12-month calendar: this year's modules by month (one a month, or for shift workers two
//! lessons of at most 10 minutes a month) and the months in which each method runs.

use super::model::{CalendarEntry, CalendarMonth, Recommendation, RolePlan, Wave};

/// Puts this year's modules into months: M01 in month 1, then one module a month, or for shift
/// workers two lessons of at most 10 minutes a month.
pub(super) fn schedule(plan: &mut RolePlan, shift_work: bool) {
    let mut month: u32 = 1;
    let mut units_left: u32 = 2;
    for m in plan.modules.iter_mut().filter(|m| m.wave == Wave::ThisYear) {
        m.month = Some(month.min(12) as u8);
        if shift_work {
            let mut units = m.minutes.div_ceil(10);
            while units > 0 {
                let take = units.min(units_left);
                units -= take;
                units_left -= take;
                if units_left == 0 {
                    month += 1;
                    units_left = 2;
                }
            }
        } else {
            month += 1;
        }
    }
}

/// Months in which each method runs.
fn method_months(id: &str) -> &'static [u8] {
    match id {
        "phishing-simulation" => &[3, 6, 9, 12],
        "phishing-simulation-approved" => &[4, 7, 10],
        "tabletop" => &[6],
        "downtime-drill" => &[4, 10],
        "huddles" => &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        "champions" => &[1],
        _ => &[],
    }
}

pub(super) fn calendar(roles: &[RolePlan], methods: &[Recommendation]) -> Vec<CalendarMonth> {
    (1..=12u8)
        .map(|month| {
            let mut entries: Vec<CalendarEntry> = Vec::new();
            for r in roles {
                for m in r.modules.iter().filter(|m| m.month == Some(month)) {
                    entries.push(CalendarEntry::Module {
                        role: r.role.clone(),
                        module: m.module.clone(),
                    });
                }
            }
            for m in methods
                .iter()
                .filter(|m| method_months(&m.id).contains(&month))
            {
                entries.push(CalendarEntry::Method {
                    method: m.id.clone(),
                });
            }
            if month == 12 {
                entries.push(CalendarEntry::Rerun);
            }
            CalendarMonth { month, entries }
        })
        .collect()
}
