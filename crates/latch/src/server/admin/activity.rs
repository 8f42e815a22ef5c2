//! `/admin/activity`: sign-ups, sign-ins and wrong passwords per day for the last 30 days,
//! drawn on the server as an SVG chart (`chart`), with the same numbers as a table: the chart
//! is for the eye, the table for everyone, screen readers included.

use axum::{extract::State, http::StatusCode, response::Response};
use leptos::prelude::*;

use super::{
    chart::{line_chart, Series},
    frame::{document, in_locale, Section},
    words::AdminText,
    Console,
};
use crate::{i18n::dates::calendar_date, web::state::AppState};

/// `/admin/activity`.
pub(super) async fn page(State(state): State<AppState>, console: Console) -> Response {
    let days = state.auth.activity_by_day(&console.admin).await;
    let title = in_locale(console.locale, || AdminText::activity_title.text().to_owned());
    let heading = title.clone();
    let email = console.admin.caller.user.email.clone();
    document(&state.leptos_options, console.locale, StatusCode::OK, Section::Activity, Some(&email), title, move || {
        let days = match days {
            Ok(days) => days,
            Err(error) => {
                return view! { <h1>{heading}</h1><p class="alert" role="alert">{error.message()}</p> }.into_any()
            }
        };
        let labels: Vec<String> = days.iter().map(|day| calendar_date(day.day)).collect();
        let axis: Vec<String> = labels.iter().map(|label| without_year(label)).collect();
        let total = |pick: fn(&crate::auth::server::admin::views::DayCounts) -> i64| days.iter().map(pick).sum::<i64>();
        let description = AdminText::chart_desc.with(&[
            ("first", &labels.first().cloned().unwrap_or_default()),
            ("last", &labels.last().cloned().unwrap_or_default()),
            ("signups", &total(|day| day.signups)),
            ("logins", &total(|day| day.logins)),
            ("failed", &total(|day| day.failed)),
        ]);
        let series = [
            Series {
                name: AdminText::series_signups.text(),
                class: "series-signups",
                values: days.iter().map(|d| d.signups).collect(),
            },
            Series {
                name: AdminText::series_logins.text(),
                class: "series-logins",
                values: days.iter().map(|d| d.logins).collect(),
            },
            Series {
                name: AdminText::series_failed.text(),
                class: "series-failed",
                values: days.iter().map(|d| d.failed).collect(),
            },
        ];
        let chart = line_chart(AdminText::chart_title.text(), &description, &axis, &series);
        view! {
            <h1>{heading}</h1>
            <p class="lead">{AdminText::activity_lead.text()}</p>
            <figure class="card chart">
                <div inner_html=chart></div>
                <figcaption class="legend">
                    {series.iter().map(|one| view! {
                        <span class=format!("key {}", one.class)><span class="swatch" aria-hidden="true"></span>{one.name}</span>
                    }).collect_view()}
                </figcaption>
            </figure>
            <div class="table-wrap">
                <table class="numbers">
                    <caption>{AdminText::numbers_caption.text()}</caption>
                    <thead><tr>
                        <th scope="col">{AdminText::col_day.text()}</th>
                        <th scope="col">{AdminText::series_signups.text()}</th>
                        <th scope="col">{AdminText::series_logins.text()}</th>
                        <th scope="col">{AdminText::series_failed.text()}</th>
                    </tr></thead>
                    <tbody>
                        {days.iter().zip(labels.iter()).rev().map(|(day, label)| view! {
                            <tr><th scope="row">{label.clone()}</th><td>{day.signups}</td><td>{day.logins}</td><td>{day.failed}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        }
        .into_any()
    })
}

/// A day as the chart's axis writes it: the date without its year ("3 November", "11월 3일"),
/// so that five fit under 30 days.
fn without_year(date: &str) -> String {
    date.split_whitespace()
        .filter(|word| !(word.len() >= 4 && word.chars().take(4).all(|c| c.is_ascii_digit())))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_axis_drops_the_year_in_either_language() {
        assert_eq!(super::without_year("3 November 2026"), "3 November");
        assert_eq!(super::without_year("2026년 11월 3일"), "11월 3일");
    }
}
