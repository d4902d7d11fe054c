//! A multinomial logistic-regression classifier over sparse binary features, the learner of the
//! quotation and relation stages.
//!
//! Features are strings ("verb=said", "dist=3"); an instance is a list of them and a label.
//! Training is AdaGrad stochastic gradient descent with L2 regularisation, in a fixed
//! (seeded) order, so the same data gives the same model byte for byte. Models are small text
//! files: a header `NGCLS <kind> <feature version>`, the labels, then one line per feature with
//! its weight per label. A model whose kind or feature version differs from what the code
//! expects is refused with a clear error: its features would mean something else.

use super::hash::FxHashMap;
use super::resources::ResourceError;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One training instance: its features and the index of its label.
#[derive(Debug, Clone)]
pub struct Instance {
    /// Feature strings (duplicates count once each time they appear).
    pub features: Vec<String>,
    /// Label index into the label list given to [`train`].
    pub label: usize,
    /// Weight of the instance's loss (1.0 normally).
    pub weight: f32,
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct TrainConfig {
    /// Passes over the data.
    pub epochs: usize,
    /// AdaGrad base learning rate.
    pub rate: f32,
    /// L2 penalty per instance.
    pub l2: f32,
    /// Features seen fewer times than this are dropped.
    pub min_count: usize,
    /// How the weights are found.
    pub solver: Solver,
}

/// How [`train`] finds the weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Solver {
    /// Stochastic gradient descent, `epochs` passes in a seeded order: fast on hundreds of
    /// thousands of instances, but where it stops depends on the order, so one instance more
    /// or less moves every weight.
    Stochastic,
    /// The whole data at each step, to the optimum of the regularised loss (at most `epochs`
    /// steps): the weights a small data set gives, which the same data with one instance more
    /// moves only a little.
    Converged,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            rate: 0.2,
            l2: 1e-5,
            min_count: 1,
            solver: Solver::Stochastic,
        }
    }
}

/// A trained classifier.
#[derive(Debug, Clone)]
pub struct Classifier {
    kind: String,
    version: u32,
    labels: Vec<String>,
    index: FxHashMap<String, u32>,
    /// Row-major: feature × label.
    weights: Vec<f32>,
}

fn model_err(path: &Path, reason: impl Into<String>) -> ResourceError {
    ResourceError::Model {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

/// A small deterministic generator for the training order.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

fn softmax(scores: &mut [f32]) {
    let max = scores.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = (*s - max).exp();
        sum += *s;
    }
    for s in scores.iter_mut() {
        *s /= sum;
    }
}

/// Trains a classifier of `kind` (feature `version`) with the given labels.
pub fn train(
    kind: &str,
    version: u32,
    labels: &[&str],
    data: &[Instance],
    config: TrainConfig,
) -> Classifier {
    let n_labels = labels.len();
    let (names, index, encoded) = encode(data, config.min_count);
    let weights = match config.solver {
        Solver::Stochastic => stochastic(data, &encoded, names.len(), n_labels, config),
        Solver::Converged => converged(data, &encoded, names.len(), n_labels, config),
    };
    Classifier {
        kind: kind.to_string(),
        version,
        labels: labels.iter().map(|l| l.to_string()).collect(),
        index,
        weights,
    }
}

/// The features seen at least `min_count` times, sorted; their index; each instance's features
/// as indices.
#[allow(clippy::type_complexity)]
fn encode(
    data: &[Instance],
    min_count: usize,
) -> (Vec<&str>, FxHashMap<String, u32>, Vec<Vec<u32>>) {
    let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
    for inst in data {
        for f in &inst.features {
            *counts.entry(f.as_str()).or_default() += 1;
        }
    }
    let mut names: Vec<&str> = counts
        .iter()
        .filter(|(_, &c)| c >= min_count)
        .map(|(f, _)| *f)
        .collect();
    names.sort_unstable();
    let index: FxHashMap<String, u32> = names
        .iter()
        .enumerate()
        .map(|(i, f)| (f.to_string(), i as u32))
        .collect();
    let encoded: Vec<Vec<u32>> = data
        .iter()
        .map(|inst| {
            inst.features
                .iter()
                .filter_map(|f| index.get(f.as_str()).copied())
                .collect()
        })
        .collect();
    (names, index, encoded)
}

/// The label probabilities of an instance's features under `weights` (feature × label), into
/// `probs` (one per label).
fn predict(weights: &[f32], feats: &[u32], probs: &mut [f32]) {
    let n_labels = probs.len();
    probs.iter_mut().for_each(|p| *p = 0.0);
    for &f in feats {
        let row = &weights[f as usize * n_labels..(f as usize + 1) * n_labels];
        for (p, w) in probs.iter_mut().zip(row) {
            *p += w;
        }
    }
    softmax(probs);
}

/// AdaGrad stochastic gradient descent with L2 on the features an instance has.
fn stochastic(
    data: &[Instance],
    encoded: &[Vec<u32>],
    n_features: usize,
    n_labels: usize,
    config: TrainConfig,
) -> Vec<f32> {
    let mut weights = vec![0f32; n_features * n_labels];
    let mut grad_sq = vec![1e-6f32; n_features * n_labels];
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = SplitMix(0x5eed);
    let mut probs = vec![0f32; n_labels];
    for _ in 0..config.epochs {
        for i in (1..order.len()).rev() {
            let j = (rng.next() % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        for &d in &order {
            let feats = &encoded[d];
            predict(&weights, feats, &mut probs);
            let gold = data[d].label;
            let iw = data[d].weight;
            for &f in feats {
                let base = f as usize * n_labels;
                for (l, &p) in probs.iter().enumerate() {
                    let k = base + l;
                    let target = if l == gold { 1.0 } else { 0.0 };
                    let g = iw * (p - target) + config.l2 * weights[k];
                    grad_sq[k] += g * g;
                    weights[k] -= config.rate * g / grad_sq[k].sqrt();
                }
            }
        }
    }
    weights
}

/// The minimum of the weighted log loss plus, for each feature, `l2` / 2 × its weight² × the
/// number of instances it is seen in (the penalty [`stochastic`] applies, summed over a pass),
/// by majorise–minimise steps: each step minimises a separable quadratic bound of the loss
/// (Böhning's bound on the softmax curvature, spread over each instance's features), so the
/// loss falls at every step and the steps end at the optimum whatever the order of the data.
/// Stops when no weight moves by more than 1e-5, or after `epochs` steps.
fn converged(
    data: &[Instance],
    encoded: &[Vec<u32>],
    n_features: usize,
    n_labels: usize,
    config: TrainConfig,
) -> Vec<f32> {
    let mut seen = vec![0f32; n_features];
    let mut curvature = vec![0f32; n_features];
    for (inst, feats) in data.iter().zip(encoded) {
        for &f in feats {
            seen[f as usize] += 1.0;
            curvature[f as usize] += 0.5 * inst.weight * feats.len() as f32;
        }
    }
    let bound: Vec<f32> = seen
        .iter()
        .zip(&curvature)
        .map(|(&n, &c)| (c + config.l2 * n).max(1e-6))
        .collect();
    let mut weights = vec![0f32; n_features * n_labels];
    let mut grad = vec![0f32; n_features * n_labels];
    let mut probs = vec![0f32; n_labels];
    for _ in 0..config.epochs {
        for (g, (&w, f)) in grad.iter_mut().zip(
            weights
                .iter()
                .zip((0..n_features).flat_map(|f| std::iter::repeat_n(f, n_labels))),
        ) {
            *g = config.l2 * seen[f] * w;
        }
        for (inst, feats) in data.iter().zip(encoded) {
            predict(&weights, feats, &mut probs);
            for &f in feats {
                let base = f as usize * n_labels;
                for (l, &p) in probs.iter().enumerate() {
                    let target = if l == inst.label { 1.0 } else { 0.0 };
                    grad[base + l] += inst.weight * (p - target);
                }
            }
        }
        let mut moved = 0f32;
        for (k, (w, g)) in weights.iter_mut().zip(&grad).enumerate() {
            let step = g / bound[k / n_labels];
            *w -= step;
            moved = moved.max(step.abs());
        }
        if moved < 1e-5 {
            break;
        }
    }
    weights
}

impl Classifier {
    /// The labels, in model order.
    pub fn labels(&self) -> &[String] {
        &self.labels
    }

    /// The index of a label.
    pub fn label_index(&self, label: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == label)
    }

    /// Number of features with weights.
    pub fn n_features(&self) -> usize {
        self.index.len()
    }

    /// Probabilities of every label for one instance's features.
    pub fn probabilities<S: AsRef<str>>(&self, features: &[S]) -> Vec<f32> {
        let n = self.labels.len();
        let mut scores = vec![0f32; n];
        for f in features {
            if let Some(&i) = self.index.get(f.as_ref()) {
                let row = &self.weights[i as usize * n..(i as usize + 1) * n];
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
        softmax(&mut scores);
        scores
    }

    /// The model as text (see the module documentation). Features whose weights are all
    /// negligible are left out.
    pub fn to_text(&self) -> String {
        let n = self.labels.len();
        let mut names: Vec<(&String, &u32)> = self.index.iter().collect();
        names.sort_unstable();
        let mut out = format!("NGCLS {} {}\n", self.kind, self.version);
        out.push_str(&self.labels.join("\t"));
        out.push('\n');
        for (name, &i) in names {
            let row = &self.weights[i as usize * n..(i as usize + 1) * n];
            if row.iter().all(|w| w.abs() < 1e-4) {
                continue;
            }
            out.push_str(name);
            for w in row {
                let _ = write!(out, "\t{}", (w * 1e4).round() / 1e4);
            }
            out.push('\n');
        }
        out
    }

    /// Reads a model written by [`Classifier::to_text`], refusing another kind or version.
    pub fn from_text(
        text: &str,
        path: &Path,
        kind: &str,
        version: u32,
    ) -> Result<Classifier, ResourceError> {
        let mut lines = text.lines();
        let header = lines.next().unwrap_or_default();
        let mut parts = header.split(' ');
        if parts.next() != Some("NGCLS") {
            return Err(model_err(path, "not a newsgraph classifier model"));
        }
        let file_kind = parts.next().unwrap_or_default();
        if file_kind != kind {
            return Err(model_err(
                path,
                format!("a {file_kind} model where a {kind} model was expected"),
            ));
        }
        let file_version: u32 = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0);
        if file_version != version {
            return Err(model_err(
                path,
                format!(
                    "model has feature version {file_version}, this newsgraph needs {version}; \
                     retrain it (see docs/models.md)"
                ),
            ));
        }
        let labels: Vec<String> = lines
            .next()
            .unwrap_or_default()
            .split('\t')
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        if labels.len() < 2 {
            return Err(model_err(path, "model has fewer than two labels"));
        }
        let n = labels.len();
        let mut index = FxHashMap::default();
        let mut weights = Vec::new();
        for (line_no, line) in lines.enumerate() {
            let mut cols = line.split('\t');
            let name = cols.next().unwrap_or_default();
            let row: Vec<f32> = cols.filter_map(|c| c.parse().ok()).collect();
            if row.len() != n {
                return Err(model_err(
                    path,
                    format!("line {}: expected {n} weights", line_no + 3),
                ));
            }
            index.insert(name.to_string(), index.len() as u32);
            weights.extend(row);
        }
        Ok(Classifier {
            kind: kind.to_string(),
            version,
            labels,
            index,
            weights,
        })
    }

    /// Reads a model file.
    pub fn load(path: &Path, kind: &str, version: u32) -> Result<Classifier, ResourceError> {
        let text = std::fs::read_to_string(path).map_err(|source| ResourceError::Io {
            path: PathBuf::from(path),
            source,
        })?;
        Classifier::from_text(&text, path, kind, version)
    }
}

/// The model named by the environment variable `var` (empty: no model), else the compiled-in
/// text `builtin` (read as `builtin_path`).
pub fn load_builtin(
    var: &str,
    builtin: &str,
    builtin_path: &str,
    kind: &str,
    version: u32,
) -> Result<Option<Classifier>, ResourceError> {
    if let Some(path) = std::env::var_os(var) {
        if path.is_empty() {
            return Ok(None);
        }
        return Classifier::load(Path::new(&path), kind, version).map(Some);
    }
    Classifier::from_text(builtin, Path::new(builtin_path), kind, version).map(Some)
}

/// A sequence of words as one feature value: all of them joined by `sep` when there are at
/// most `max`, else the first two and the last two around `gap` (`said|the..of|<e>`).
pub fn words_key(words: &[String], max: usize, sep: &str, gap: &str) -> String {
    if words.len() <= max {
        words.join(sep)
    } else {
        format!(
            "{}{gap}{}",
            words[..2].join(sep),
            words[words.len() - 2..].join(sep)
        )
    }
}

/// Bucketed distance feature value: 0, 1, 2, 3, 4-5, 6-8, 9-14, 15+.
pub fn bucket(n: usize) -> &'static str {
    match n {
        0 => "0",
        1 => "1",
        2 => "2",
        3 => "3",
        4..=5 => "4-5",
        6..=8 => "6-8",
        9..=14 => "9-14",
        _ => "15+",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inst(features: &[&str], label: usize) -> Instance {
        Instance {
            features: features.iter().map(|f| f.to_string()).collect(),
            label,
            weight: 1.0,
        }
    }

    #[test]
    fn learn_separates_two_classes_and_round_trips() {
        let mut data = Vec::new();
        for i in 0..50 {
            data.push(inst(&["bias", "w=said", &format!("n={}", i % 3)], 1));
            data.push(inst(&["bias", "w=ate", &format!("n={}", i % 3)], 0));
        }
        let model = train("test", 3, &["no", "yes"], &data, TrainConfig::default());
        let p = model.probabilities(&["bias", "w=said"]);
        assert!(p[1] > 0.9, "{p:?}");
        let p = model.probabilities(&["bias", "w=ate"]);
        assert!(p[0] > 0.9, "{p:?}");
        let text = model.to_text();
        let again = Classifier::from_text(&text, Path::new("m"), "test", 3).unwrap();
        let p2 = again.probabilities(&["bias", "w=said"]);
        assert!((p2[1] - model.probabilities(&["bias", "w=said"])[1]).abs() < 1e-3);
        // Same data, same model.
        let twice = train("test", 3, &["no", "yes"], &data, TrainConfig::default());
        assert_eq!(twice.to_text(), text);
    }

    #[test]
    fn learn_converged_reaches_the_optimum_whatever_the_order() {
        // 30 right and 10 wrong: the optimum says 0.75, with or without a cue seen on three
        // rights and a wrong (the same odds: it says nothing more).
        let mut data = Vec::new();
        for i in 0..40 {
            let label = usize::from(i % 4 != 0);
            let cue = if i < 4 { "cue" } else { "other" };
            data.push(inst(&["bias", cue], label));
        }
        let config = TrainConfig {
            epochs: 20_000,
            l2: 1e-4,
            solver: Solver::Converged,
            ..TrainConfig::default()
        };
        let model = train("test", 1, &["wrong", "right"], &data, config);
        let without = model.probabilities(&["bias", "other"])[1];
        let with_cue = model.probabilities(&["bias", "cue"])[1];
        assert!((without - 0.75).abs() < 0.01, "{without}");
        assert!((with_cue - 0.75).abs() < 0.01, "{with_cue}");
        data.reverse();
        let reversed = train("test", 1, &["wrong", "right"], &data, config);
        for f in [["bias", "cue"], ["bias", "other"]] {
            let (a, b) = (model.probabilities(&f)[1], reversed.probabilities(&f)[1]);
            assert!((a - b).abs() < 1e-4, "{f:?}: {a} against {b}");
        }
        // The penalty pulls toward even odds.
        let held = train(
            "test",
            1,
            &["wrong", "right"],
            &data,
            TrainConfig { l2: 5.0, ..config },
        );
        let p = held.probabilities(&["bias", "other"])[1];
        assert!(p > 0.5 && p < 0.74, "{p}");
    }

    #[test]
    fn learn_words_key_keeps_both_ends_of_long_sequences() {
        let w = |s: &str| s.split(' ').map(str::to_string).collect::<Vec<_>>();
        assert_eq!(words_key(&w("a b c"), 4, "|", ".."), "a|b|c");
        assert_eq!(words_key(&w("a b c d e"), 4, "|", ".."), "a|b..d|e");
        assert_eq!(words_key(&w("a b c d e f"), 5, " ", " .. "), "a b .. e f");
    }

    #[test]
    fn learn_refuses_another_version_or_kind() {
        let model = train(
            "test",
            3,
            &["no", "yes"],
            &[inst(&["a"], 1)],
            TrainConfig::default(),
        );
        let text = model.to_text();
        let err = Classifier::from_text(&text, Path::new("m"), "test", 4).unwrap_err();
        assert!(err.to_string().contains("feature version 3"), "{err}");
        let err = Classifier::from_text(&text, Path::new("m"), "other", 3).unwrap_err();
        assert!(err.to_string().contains("a test model"), "{err}");
        let err = Classifier::from_text("garbage", Path::new("m"), "test", 3).unwrap_err();
        assert!(err.to_string().contains("not a newsgraph"), "{err}");
    }
}
