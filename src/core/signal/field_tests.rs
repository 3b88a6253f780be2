//! Trap tests for the 2026 classes of issue 29: AI without the word "AI",
//! priors that yield to counter-evidence, tickers through products and
//! index moves. Sentences of our own, each with its non-AI counterpart.

use super::{HeadlineText, Judge};

fn ai(title: &str) -> bool {
    Judge::builtin().ai.classify(title).ai
}

fn link(title: &str) -> Vec<String> {
    Judge::builtin().linker.link(title)
}

/// Judged with its feed and link, as a feed gives it.
fn in_feed(title: &str, source: &str, link: &str) -> super::Relevance {
    let h = HeadlineText {
        title,
        source,
        link: Some(link),
        summary: "",
    };
    Judge::builtin().judge_in(&h, None).0
}

#[test]
fn agent_tooling_and_protocols_are_ai_together() {
    for title in [
        "A new SDK for building agents ships",
        "The agent harness that runs our evals",
        "Toolkit for agents adds memory",
        "MCP SDK reaches version two",
        "A2A toolkit lands in the framework",
        "Bring your own agent to the editor",
    ] {
        assert!(ai(title), "{title}");
    }
    for title in [
        "Game SDK update fixes controller bugs",
        "Real estate agents get a new toolkit",
        "Horse harness makers face leather shortage",
        "Wiring harness shortage halts a car plant",
        "A new framework for trade talks",
        "Apple ships an SDK for the new watch",
    ] {
        assert!(!ai(title), "{title}");
    }
}

#[test]
fn model_sizes_alone_are_ai() {
    assert!(ai("A 4B model that runs on a phone"));
    assert!(ai("Why 8x7B beats dense models"));
    assert!(ai("The 70B-parameter release is open"));
    assert!(!ai("Startup raises $4B for new factories"));
    assert!(!ai("The 70B deal closes in March"));
}

#[test]
fn deep_learning_building_blocks_are_ai() {
    for title in [
        "Writing autograd from scratch in 200 lines",
        "Multimodal perception for household robots",
        "Neural text-to-speech that sounds like you",
        "Autoregressive language generation, explained",
    ] {
        assert!(ai(title), "{title}");
    }
    for title in [
        "Multimodal pain therapy after surgery",
        "Neural tube defects fall with folic acid",
        "Autoregressive forecasting of retail sales",
        "Text-to-speech comes to the bus stop",
    ] {
        assert!(!ai(title), "{title}");
    }
}

#[test]
fn data_centre_build_out_is_ai() {
    for title in [
        "Hyperscaler capex tops forecasts again",
        "Town votes on a data center moratorium",
        "A gigawatt data centre campus gets its power",
        "New training cluster comes online in Texas",
    ] {
        assert!(ai(title), "{title}");
    }
    for title in [
        "Data center outage knocks banks offline",
        "Utility plans a gigawatt of solar",
        "Chip tariffs raise capex at the plant",
    ] {
        assert!(!ai(title), "{title}");
    }
}

#[test]
fn counter_evidence_beats_a_chip_blogs_prior() {
    let blog = "https://blogs.nvidia.com/blog/a-post/";
    for title in [
        "Five new games join the cloud this week",
        "GeForce NOW brings a racing game to more GPUs",
        "Our laptop GPUs win a design award",
    ] {
        let rel = in_feed(title, "NVIDIA Blog", blog);
        assert!(!rel.ai, "{title}: {:?}", rel.evidence());
        let notes = format!("{:?}", rel.evidence());
        assert!(notes.contains("yields"), "{title}: {notes}");
    }
    // Without counter-evidence the prior still helps a weak word.
    assert!(in_feed("Our new GPUs for the data center", "NVIDIA Blog", blog).ai);
    // And a title that is AI by its own words stays AI.
    assert!(in_feed("Games built by an LLM", "NVIDIA Blog", blog).ai);
}

#[test]
fn ai_in_a_product_name_is_not_ai_news() {
    for title in [
        "AI PC shipments: a new laptop line in three colours",
        "Ryzen AI 9 laptop review: battery life",
        "Copilot+ PCs get a price cut",
    ] {
        assert!(!ai(title), "{title}");
    }
    assert!(ai("Ryzen AI laptop runs an LLM locally"));
}

#[test]
fn products_link_their_parent_and_index_moves_link_qqq() {
    assert_eq!(link("Excel gets a new formula bar"), ["MSFT"]);
    assert_eq!(link("OneDrive sync breaks for some users"), ["MSFT"]);
    assert_eq!(link("PlayStation price rises in Europe"), ["SONY"]);
    assert_eq!(link("Bitbucket drops an old API"), ["TEAM"]);
    assert_eq!(link("Ring cameras get a privacy switch"), ["AMZN"]);
    assert_eq!(link("Qwen ships a coding model"), ["BABA"]);
    assert_eq!(link("Nasdaq rises as chip makers rally"), ["QQQ"]);
    assert_eq!(link("S&P, Nasdaq start the year higher"), ["QQQ"]);
    assert_eq!(link("Tech stocks sink on rate fears"), ["QQQ"]);
    assert!(link("Birds nest in the old tower").is_empty());
    assert!(link("What the rout in tech stocks means for you").is_empty());
    assert!(link("Startup lists on the Nasdaq exchange").is_empty());
    assert_eq!(link("Acme (NASDAQ: ACME) reports results"), ["ACME"]);
}

#[test]
fn an_architecture_is_not_arm_holdings() {
    assert!(link("ARM64 builds are now the default").is_empty());
    assert!(link("ARM-based laptops get a new chip").is_empty());
    assert_eq!(link("Can Intel beat ARM on efficiency?"), ["INTC", "ARM"]);
}
