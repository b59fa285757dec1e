//! The two table sets describe one server's operations twice (v1 and v2): what a line says about the
//! safety of an operation it shares with the other must agree, so a fact learnt on one line is not lost
//! on the other. Operations correspond by request (`xtask::names::operation_pairs`).

use xtask::line::Line;

#[test]
fn shared_operations_agree_on_once_and_on_secret_parameters() {
    let root = xtask::workspace_root();
    let (v1, v2) = (Line::V1.load(&root).unwrap(), Line::V2.load(&root).unwrap());
    let mut compared = 0;
    for pair in xtask::names::operation_pairs(&v1, &v2) {
        let (Some(a), Some(b)) = (pair.v1, pair.v2) else { continue };
        assert_eq!(a.once, b.once, "`once` differs: v1 {} and v2 {}", a.name, b.name);
        for pa in &a.params {
            if let Some(pb) = b.params.iter().find(|p| p.name == pa.name && p.location == pa.location) {
                assert_eq!(pa.secret, pb.secret, "`secret` on {} differs: v1 {} and v2 {}", pa.name, a.name, b.name);
                compared += 1;
            }
        }
    }
    assert!(compared > 50, "only {compared} shared parameters compared");
}

#[test]
fn corresponding_models_agree_on_secret_members() {
    let root = xtask::workspace_root();
    let (v1, v2) = (Line::V1.load(&root).unwrap(), Line::V2.load(&root).unwrap());
    let same_name = v1.models.iter().filter(|m| v2.model(&m.name).is_some()).map(|m| (m.name.clone(), m.name.clone()));
    let pairs: Vec<(String, String)> = same_name.chain(xtask::names::model_renames(&v1, &v2)).collect();
    let mut secrets = 0;
    for (a, b) in &pairs {
        let (ma, mb) = (v1.model(a).unwrap(), v2.model(b).unwrap());
        for fa in &ma.fields {
            if let Some(fb) = mb.fields.iter().find(|f| f.json_name == fa.json_name) {
                assert_eq!(fa.secret, fb.secret, "`secret` on {} differs: v1 {a} and v2 {b}", fa.json_name);
                secrets += usize::from(fa.secret);
            }
        }
    }
    assert!(secrets >= 10, "only {secrets} secret members compared");
}
