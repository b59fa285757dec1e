//! The table constructs no table of this crate uses yet (the v2 line's: `page<Model, token>`,
//! `duration`, `needs a|b`, `always`), expanded by the macro here so the generated code is compiled and run against a mock.

use futures::TryStreamExt;
use httpmock::prelude::*;

use crate::Client;

// The two models the runtime reads are declared as every client table set must (never used here).
ory_hydra_v1_macros::generate!(inline r#"
/// An error body.
model GenericError
  /// The error.
  field error: string
  /// What went wrong.
  field error_description?: string
/// A handled request.
model CompletedRequest
  /// Where to go next.
  field redirect_to?: string
/// A widget.
model Widget
  /// Its id.
  field id: string
  /// How long it lives.
  field ttl: duration
  /// How long it may wait.
  field wait?: duration
  /// Its owner, always in answers.
  field owner?: string always
  /// Its tags, always in answers.
  field tags?: [string] always
  /// Whether it is on.
  field on?: bool always

/// Lists widgets by token.
/// @page_size Items per page.
/// @page_token Where to start.
/// @owner Only this owner's widgets.
GET    /admin/widgets     list_widgets     query page_size?: i64, query page_token?: string, query owner?: string, query older_than?: duration -> page<Widget, token>
/// Forgets sessions by subject or session id.
/// @subject Whose sessions.
/// @sid Which session.
DELETE /admin/sessions    forget_sessions  query subject?: string, query sid?: string, query all?: bool -> () needs subject|sid
"#);

#[tokio::test]
async fn a_generated_token_listing_pages_and_decodes_durations() {
    let server = MockServer::start_async().await;
    let one = server.mock(|when, then| {
        when.path("/admin/widgets")
            .query_param("owner", "o")
            .query_param("older_than", "90m")
            .query_param("page_size", "1")
            .query_param_missing("page_token");
        then.status(200)
            .header("link", r#"</admin/widgets?page_size=1&page_token=n>; rel="next""#)
            .body(r#"[{"id":"a","ttl":"1h30m0s"}]"#);
    });
    let two = server.mock(|when, then| {
        when.path("/admin/widgets").query_param("owner", "o").query_param("page_token", "n");
        then.status(200).body(r#"[{"id":"b","ttl":"0s","wait":"1.5s"}]"#);
    });
    let hydra = Client::builder(server.base_url()).build().unwrap();
    let params =
        ListWidgetsParams::default().page_size(1).owner("o").older_than(crate::GoDuration::parse("90m").unwrap());
    let widgets: Vec<Widget> = hydra.list_widgets_stream(params.clone()).try_collect().await.unwrap();
    assert_eq!(widgets.iter().map(|w| w.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
    assert_eq!(widgets[0].ttl, crate::GoDuration::parse("90m").unwrap(), "compared by length");
    assert_eq!(widgets[0].ttl.as_str(), "1h30m0s", "kept as sent");
    assert_eq!(widgets[1].wait.as_ref().and_then(|w| w.to_std()), Some(std::time::Duration::from_millis(1500)));
    let json = serde_json::to_value(&widgets[0]).unwrap();
    assert_eq!(json, serde_json::json!({"id": "a", "ttl": "1h30m0s"}));
    let page = hydra.list_widgets(params).await.unwrap();
    assert_eq!(page.next_token().unwrap().and_then(|t| t.page_token).as_deref(), Some("n"));
    one.assert_calls(2);
    two.assert_calls(1);
    let bad = server.mock(|when, then| {
        when.path("/admin/widgets").query_param("owner", "bad");
        then.status(200).body(r#"[{"id":"c","ttl":"90"}]"#);
    });
    let e = hydra.list_widgets(ListWidgetsParams::default().owner("bad")).await.unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::Decode, "a bare number is not a Go duration: {e}");
    bad.assert_calls(1);
}

#[tokio::test]
async fn a_needs_group_refuses_a_call_without_any_of_its_parameters_before_sending() {
    let server = MockServer::start_async().await;
    let any = server.mock(|when, then| {
        when.any_request();
        then.status(204);
    });
    let hydra = Client::builder(server.base_url()).build().unwrap();
    let e = hydra.forget_sessions(ForgetSessionsParams::default().all(true)).await.unwrap_err();
    assert_eq!(e.kind(), crate::ErrorKind::InvalidInput);
    assert_eq!(e.operation_name(), Some("forget_sessions"));
    let text = e.to_string();
    assert!(text.contains("`subject`") && text.contains("`sid`"), "{text}");
    any.assert_calls(0);

    hydra.forget_sessions(ForgetSessionsParams::default().sid("s1")).await.unwrap();
    hydra.forget_sessions(ForgetSessionsParams::default().subject("u")).await.unwrap();
    any.assert_calls(2);
}

#[test]
fn always_members_are_plain_values_zero_when_absent_and_left_out_while_zero() {
    let w: Widget = serde_json::from_str(r#"{"id":"a","ttl":"1s","owner":"o","tags":null}"#).unwrap();
    let (owner, tags, on): (&String, &Vec<String>, bool) = (&w.owner, &w.tags, w.on);
    assert_eq!((owner.as_str(), tags.len(), on), ("o", 0, false), "absent or null: the zero value");
    let body = Widget::new("b", crate::GoDuration::default()).with_on(true);
    let json = serde_json::to_value(&body).unwrap();
    assert_eq!(json, serde_json::json!({"id": "b", "ttl": "0s", "on": true}), "zero members left out");
    let full = body.with_owner("p").with_tags(["t"]);
    let json = serde_json::to_value(&full).unwrap();
    assert_eq!(json["owner"], "p");
    assert_eq!(json["tags"], serde_json::json!(["t"]));
}
