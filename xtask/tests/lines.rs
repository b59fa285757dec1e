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
