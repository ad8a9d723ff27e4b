//! The confusion matrix as a table: rows are the true digit, columns the prediction, shaded by
//! the share of each row.

use descent_core::digits::ConfusionMatrix;
use leptos::prelude::*;

#[component]
pub fn ConfusionTable(matrix: ConfusionMatrix) -> impl IntoView {
    let classes = matrix.classes;
    let header = (0..classes)
        .map(|p| view! { <th scope="col">{p}</th> })
        .collect_view();
    let rows = (0..classes)
        .map(|actual| {
            let total: u32 = (0..classes).map(|p| matrix.count(actual, p)).sum();
            let cells = (0..classes)
                .map(|predicted| {
                    let count = matrix.count(actual, predicted);
                    let share = f64::from(count) / f64::from(total.max(1));
                    let hue = if actual == predicted {
                        "31, 119, 180"
                    } else {
                        "214, 39, 40"
                    };
                    // A style property, not a `style` attribute, which the CSP forbids.
                    let background = format!("rgba({hue}, {:.3})", share.sqrt() * 0.8);
                    view! { <td style:background=background>{count}</td> }
                })
                .collect_view();
            view! {
                <tr>
                    <th scope="row">{actual}</th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="confusion" aria-label="confusion matrix">
                <caption>"Test images: true digit (rows) against prediction (columns)"</caption>
                <thead>
                    <tr>
                        <th></th>
                        {header}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
