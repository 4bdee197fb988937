//! Employees in the settings area: create, groups, password, disable, bot.

use dioxus::prelude::*;

use super::section::{use_report, Report, Section, SubmitButton};
use crate::api;
use crate::model::settings::{check_new_employee, check_password, Group, NewEmployee, StaffMember};
use crate::ui::i18n::{msg, tr, use_lang};

#[component]
pub fn EmployeesSettings(employees: Vec<StaffMember>, groups: Vec<Group>, on_changed: EventHandler<()>) -> Element {
    let lang = use_lang();
    let report = use_report(on_changed);
    let mut name = use_signal(String::new);
    let mut email = use_signal(String::new);
    let mut password = use_signal(String::new);

    let create = move |evt: FormEvent| async move {
        evt.prevent_default();
        let employee = NewEmployee { name: name(), email: email(), password: password() };
        if report.check(check_new_employee(&employee)) && report.saved(api::people::staff::create_employee(employee).await) {
            name.set(String::new());
            email.set(String::new());
            password.set(String::new());
        }
    };

    rsx! {
        Section { id: "employees-settings", title: msg("staff"), report,
            for employee in employees {
                EmployeeRow { key: "{employee.id}", employee, groups: groups.clone(), report }
            }
            form { class: "inline-form", onsubmit: create,
                input { name: "employee-name", placeholder: tr(lang(), "person-name"), value: "{name}", oninput: move |e| name.set(e.value()) }
                input { name: "employee-email", r#type: "email", placeholder: tr(lang(), "email"), value: "{email}", oninput: move |e| email.set(e.value()) }
                input { name: "employee-password", r#type: "password", autocomplete: "new-password", placeholder: tr(lang(), "password"), value: "{password}", oninput: move |e| password.set(e.value()) }
                SubmitButton { is_new: true }
            }
        }
    }
}

/// One employee; a refused change shows in the section's error line.
#[component]
fn EmployeeRow(employee: StaffMember, groups: Vec<Group>, report: Report) -> Element {
    let lang = use_lang();
    let mut new_password = use_signal(String::new);
    let (disabled, is_bot) = (employee.disabled, employee.is_bot);
    // The row's employee for its handlers, which each outlive a render.
    let employee_id = use_signal(|| employee.id.clone());

    let toggle = move |_| async move { report.done(api::people::staff::set_employee_disabled(employee_id(), !disabled).await); };
    let toggle_bot = move |_| async move { report.done(api::people::staff::set_employee_bot(employee_id(), !is_bot).await); };
    let change_password = move |_| async move {
        let password = new_password();
        if report.check(check_password(&password)) && report.done(api::people::staff::set_employee_password(employee_id(), password).await) {
            new_password.set(String::new());
        }
    };

    rsx! {
        div { class: if disabled { "group-card employee disabled" } else { "group-card employee" }, "data-employee": "{employee.id}",
            h3 { "{employee.name} " span { class: "muted", "{employee.email}" }
                if is_bot { " " span { class: "badge", {tr(lang(), "bot-badge")} } }
            }
            div { class: "room-grants",
                for group in groups {
                    {
                        let member = employee.groups.contains(&group.id);
                        let (current, group_id) = (employee.groups.clone(), group.id.clone());
                        rsx! {
                            label { key: "{group.id}", class: "grant",
                                input {
                                    r#type: "checkbox",
                                    "data-group": "{group.id}",
                                    checked: member,
                                    onchange: move |e: FormEvent| {
                                        let group_id = group_id.clone();
                                        let mut next: Vec<String> = current.iter().filter(|g| **g != group_id).cloned().collect();
                                        if e.checked() { next.push(group_id); }
                                        async move {
                                            // Refused, the boxes go back as stored.
                                            if !report.done(api::people::staff::set_employee_groups(employee_id(), next).await) {
                                                report.reload();
                                            }
                                        }
                                    },
                                }
                                " {group.name}"
                            }
                        }
                    }
                }
            }
            div { class: "inline-form",
                button { class: "ghost toggle-disabled", onclick: toggle,
                    if disabled { {tr(lang(), "enable")} } else { {tr(lang(), "disable")} }
                }
                label { class: "grant", input { r#type: "checkbox", class: "is-bot", checked: is_bot, onchange: toggle_bot } " {tr(lang(), \"bot\")}" }
                input { r#type: "password", autocomplete: "new-password", class: "new-password", placeholder: tr(lang(), "new-password"),
                    value: "{new_password}", oninput: move |e| new_password.set(e.value()) }
                button { class: "ghost", onclick: change_password, {tr(lang(), "change-password")} }
            }
        }
    }
}
