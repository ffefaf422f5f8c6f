"""harness/tools/instr.py on callgrind dump fixtures: instructions per call by
difference of two runs, netted against the baseline."""
import os


from harness.tools import instr


def write_dump(folder, number, name, calls, instructions):
    with open(os.path.join(folder, f"cg.out.{number}"), "w") as f:
        f.write("# callgrind format\nversion: 1\n"
                f"desc: Trigger: Client Request: {name}|{calls}\n"
                f"events: Ir\nsummary: {instructions}\n\nfn=x\n0 {instructions}\n")


def test_counts_per_call_are_differences_netted_against_the_baseline(tmp_path):
    write_dump(tmp_path, 1, "empty/baseline/interp", 1000, 50000 + 200 * 1000)
    write_dump(tmp_path, 2, "empty/baseline/interp", 3000, 50000 + 200 * 3000)
    write_dump(tmp_path, 3, "add_i64/capi.fastcall/interp", 1000, 90000 + 590 * 1000)
    write_dump(tmp_path, 4, "add_i64/capi.fastcall/interp", 3000, 90000 + 590 * 3000)
    write_dump(tmp_path, 5, "noop/half.done/interp", 1000, 5)      # one run only
    rows = {r["path"]: r for r in instr.rows(instr.per_call(instr.read_dumps(str(tmp_path))))}
    assert rows["baseline"]["instructions"] == 200
    assert rows["capi.fastcall"]["instructions"] == 590
    assert rows["capi.fastcall"]["instructions_net"] == 390
    assert "half.done" not in rows
