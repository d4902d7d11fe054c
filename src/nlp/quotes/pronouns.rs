//! Who a pronoun is: the genders the article gives its people (posts, given names, pronouns
//! that follow them) and the antecedents a pronoun may take, ranked.

use super::context::QuoteCtx;
use super::context::OTHER_CUES;
use crate::doc::EntityType;
use crate::nlp::cues::{person_antecedent, possessor, pronoun_antecedent, SPEECH_VERBS};
use crate::nlp::learn::{bucket, Classifier};
use crate::nlp::resources::Gender;

/// How many paragraphs back a pronoun's antecedent is sought.
pub(super) const ANTECEDENT_PARAGRAPHS: usize = 3;

/// At most this many entities are ranked as a pronoun's antecedent.
pub(super) const MAX_ANTECEDENTS: usize = 6;

/// Who a pronoun is: the article's genders and the antecedents a pronoun may take.
impl QuoteCtx<'_> {
    /// The gender of a person entity, from what the article says of it (see
    /// [`super::genders::entity_genders`]).
    pub fn gender_of(&self, e: usize) -> Gender {
        self.genders.get(e).copied().unwrap_or(Gender::Unknown)
    }

    /// The antecedent of a pronoun outside quotes: the nearest person of compatible gender for
    /// he/she, else what [`pronoun_antecedent`] finds.
    pub(super) fn resolve_pronoun(&self, token: usize) -> Option<usize> {
        let w = self.lower(token);
        let want = match w.as_str() {
            "he" => Gender::Male,
            "she" => Gender::Female,
            _ => return pronoun_antecedent(self.doc, token),
        };
        let fits = |m: &&crate::doc::Mention| {
            m.entity.is_some_and(|e| {
                let g = self.gender_of(e);
                g == want || g == Gender::Unknown
            })
        };
        // "Mr. Obama spoke of … the figure of Abraham Lincoln. He said …": a "he" or "she"
        // opening a sentence continues the subject of the sentence before, when one fits,
        // before a person named later in it.
        let s_idx = self.doc.sentence_of(token);
        if s_idx > 0 && self.doc.sentences[s_idx].start == token {
            let prev = &self.doc.sentences[s_idx - 1];
            let subject = self
                .doc
                .mentions
                .iter()
                .filter(|m| prev.contains(&m.tokens.start) && !self.in_quote[m.tokens.start])
                .filter(|m| m.etype == EntityType::Person)
                .find(|m| self.is_subject(&m.tokens));
            if let Some(e) = subject.filter(fits).and_then(|m| m.entity) {
                return Some(e);
            }
        }
        let before = self
            .doc
            .mentions
            .iter()
            .rev()
            .filter(|m| m.tokens.end <= token && !self.in_quote[m.tokens.start])
            .filter(|m| m.etype == EntityType::Person)
            .filter(fits);
        // Not a possessor ("… in Scott's hand, but he said") where another is named.
        person_antecedent(self.doc, token, before).and_then(|m| m.entity)
    }

    /// What the "he" or "she" opening an earlier sentence stands for: "Trump spoke in Ohio.
    /// He praised the deal negotiated by Obama, who … He said …" — back along the sentences
    /// it opens to the nearest person of compatible gender who is the subject of a clause
    /// named after the one before, else to the nearest person of compatible gender.
    pub fn chain_antecedent(&self, pron: usize) -> Option<usize> {
        let word = self.lower(pron);
        let want = match word.as_str() {
            "he" => Gender::Male,
            "she" => Gender::Female,
            _ => return None,
        };
        let floor_para = self.para[pron].saturating_sub(ANTECEDENT_PARAGRAPHS);
        let floor = (0..pron)
            .rev()
            .find(|&t| self.para[t] < floor_para)
            .map_or(0, |t| t + 1);
        let opens_sentence = |t: usize| {
            let s = &self.doc.sentences[self.doc.sentence_of(t)];
            t == s.start
                || (t == s.start + 1
                    && matches!(self.lower(s.start).as_str(), "and" | "but" | "then"))
        };
        let opener_before = |to: usize| {
            (floor..to).rev().find(|&t| {
                !self.in_quote[t]
                    && !self.in_header(t)
                    && self.lower(t) == word
                    && opens_sentence(t)
            })
        };
        let mut t = opener_before(pron)?;
        loop {
            let before = opener_before(t);
            let subject = self
                .doc
                .mentions
                .iter()
                .rev()
                .filter(|m| m.tokens.end <= t && m.tokens.start >= before.unwrap_or(floor))
                .filter(|m| m.etype == EntityType::Person && !self.in_quote[m.tokens.start])
                .filter(|m| self.is_subject(&m.tokens))
                .filter_map(|m| m.entity)
                .find(|&e| matches!(self.gender_of(e), g if g == want || g == Gender::Unknown));
            match (subject, before) {
                (Some(e), _) => return Some(e),
                (None, Some(b)) => t = b,
                (None, None) => return self.resolve_pronoun(t),
            }
        }
    }

    /// The entities a pronoun at `pron` may stand for, nearest first: (entity, its nearest
    /// mention before the pronoun), outside quotes, within the last paragraphs.
    pub fn antecedents(&self, pron: usize) -> Vec<(usize, usize)> {
        let word = self.lower(pron);
        let floor_para = self.para[pron].saturating_sub(ANTECEDENT_PARAGRAPHS);
        let mut out: Vec<(usize, usize)> = Vec::new();
        let end = self.doc.mentions.partition_point(|m| m.tokens.end <= pron);
        for mi in (0..end).rev() {
            let m = &self.doc.mentions[mi];
            if self.para[m.tokens.start] < floor_para || out.len() >= MAX_ANTECEDENTS {
                break;
            }
            let Some(e) = m.entity else { continue };
            if self.in_quote[m.tokens.start] || self.in_header(m.tokens.start) {
                continue;
            }
            let etype = self.doc.entities[e].etype;
            // "it" may stand for a campaign the tagger read as its candidate: persons stay in.
            let fits = match word.as_str() {
                "he" | "she" | "i" => etype == EntityType::Person,
                _ => self.speaker_type_ok(e),
            };
            if fits && !out.iter().any(|&(x, _)| x == e) {
                out.push((e, mi));
            }
        }
        out
    }

    /// How the gender of entity `e` fits the pronoun at `pron`: "agree", "clash", "unknown"
    /// (the entity's gender is not known) or "n/a" (the pronoun has none).
    pub(super) fn agreement(&self, pron: usize, e: usize) -> &'static str {
        let want = match self.lower(pron).as_str() {
            "he" => Gender::Male,
            "she" => Gender::Female,
            _ => Gender::Unknown,
        };
        match (want, self.gender_of(e)) {
            (Gender::Unknown, _) => "n/a",
            (_, Gender::Unknown) => "unknown",
            (w, g) if w == g => "agree",
            _ => "clash",
        }
    }

    /// Features of the `rank`-th of the antecedents `ants` of the pronoun at `pron` (see
    /// [`QuoteCtx::antecedents`]); `prev` is the speaker of the quote before, `chain` what the
    /// pronoun continues (see [`QuoteCtx::chain_antecedent`]; the same for every rank).
    pub fn antecedent_features(
        &self,
        pron: usize,
        ants: &[(usize, usize)],
        rank: usize,
        prev: Option<usize>,
        chain: Option<usize>,
    ) -> Vec<String> {
        let doc = self.doc;
        let word = self.lower(pron);
        let (e, m) = ants[rank];
        let agree = self.agreement(pron, e);
        let mention = &doc.mentions[m];
        let para_dist = (self.para[pron] - self.para[mention.tokens.start]).min(3);
        let sent_dist = doc.sentence_of(pron) - doc.sentence_of(mention.tokens.start);
        let sent_start =
            doc.sentences[doc.sentence_of(mention.tokens.start)].start == mention.tokens.start;
        let (verb, _) = self.verb_after(&mention.tokens);
        let speech = SPEECH_VERBS.contains(&verb.as_str());
        let clause_verb = self.clause_verb_after(&mention.tokens);
        let subject = if SPEECH_VERBS.contains(&clause_verb.as_str())
            || OTHER_CUES.contains(&clause_verb.as_str())
        {
            "speech"
        } else if clause_verb.ends_with("ed") || clause_verb.ends_with('s') {
            "verb"
        } else {
            "other"
        };
        // "said Ivanka Trump's statement …": named in what someone else said.
        let reported = mention.tokens.start.checked_sub(1).is_some_and(|t| {
            SPEECH_VERBS.contains(&self.lower(t).as_str()) || self.lower(t) == "that"
        });
        let possessive = possessor(doc, mention);
        let count = doc.entities[e]
            .mentions
            .iter()
            .filter(|&&x| doc.mentions[x].tokens.end <= pron)
            .count();
        let is_prev = prev == Some(e);
        let etype = doc.entities[e].etype.as_str();
        let rank_s = rank.min(4).to_string();
        vec![
            "pr:bias".to_string(),
            format!("pr:agree={agree}"),
            format!("pr:agree={agree}|rank={rank_s}"),
            format!("pr:chain={}", chain == Some(e)),
            format!("pr:rank={rank_s}"),
            format!("pr:rank={rank_s}|prev={is_prev}"),
            format!("pr:prev={is_prev}"),
            format!("pr:prev={is_prev}|agree={agree}"),
            format!("pr:para={para_dist}"),
            format!("pr:sent={}", bucket(sent_dist)),
            format!("pr:sentstart={sent_start}"),
            format!("pr:speechverb={speech}"),
            format!("pr:subject={subject}"),
            format!("pr:reported={reported}"),
            format!("pr:poss={possessive}"),
            format!("pr:count={}", bucket(count)),
            format!("pr:type={etype}|word={word}"),
            format!("pr:source={:?}", mention.source),
        ]
    }

    /// The antecedent the model ranks first for the pronoun at `pron`.
    pub(super) fn rank_antecedent(
        &self,
        model: &Classifier,
        pron: usize,
        prev: Option<usize>,
    ) -> Option<usize> {
        let yes = model.label_index("speaker").unwrap_or(1);
        // A person of the other gender is out, but keeps its rank.
        let ants = self.antecedents(pron);
        let chain = self.chain_antecedent(pron);
        ants.iter()
            .enumerate()
            .filter(|&(_, &(e, _))| self.agreement(pron, e) != "clash")
            .map(|(rank, &(e, _))| {
                let features = self.antecedent_features(pron, &ants, rank, prev, chain);
                (model.probabilities(&features)[yes], e)
            })
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, e)| e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlp::quotes::testing::*;

    #[test]
    fn quotes_pronoun_opening_a_sentence_continues_the_subject_before() {
        let text = "Peter Novak spoke of the statue of Karl Brenner, sheltered in its hall. \
                    He said he had watched the museum rise from the ground.";
        check(
            text,
            &[(
                "Peter Novak",
                "he had watched the museum rise from the ground",
                false,
            )],
        );
    }

    #[test]
    fn quotes_pronoun_follows_gender() {
        let text = "Maria Lopez met Peter Novak. \u{201c}It was a long and useful meeting,\u{201d} she said.";
        check(
            text,
            &[("Maria Lopez", "It was a long and useful meeting,", true)],
        );
    }

    #[test]
    fn quotes_pronoun_antecedents_of_the_other_gender_clash() {
        // The whole pipeline with the NER model, which finds the lone "Martin".
        let (doc, res) =
            run_full("Martin arrives. Maria Martin met Peter Novak and Casey Lee. She said so.");
        let ctx = QuoteCtx::new(&doc, &res);
        let she = (0..doc.tokens.len())
            .find(|&t| doc.token_text(t) == "She")
            .unwrap();
        let clash = |name: &str| {
            let e = doc.entities.iter().position(|e| e.name == name).unwrap();
            ctx.agreement(she, e) == "clash"
        };
        assert!(clash("Peter Novak"));
        // "Martin" alone, first, is her surname, not the given name of a man.
        let maria = doc
            .entities
            .iter()
            .position(|e| e.name == "Maria Martin")
            .unwrap();
        assert_eq!(doc.mention_text(doc.entities[maria].mentions[0]), "Martin");
        assert!(!clash("Maria Martin"));
        // A name borne by both genders ("Casey") is no clash.
        assert!(!clash("Casey Lee"));
    }

    #[test]
    fn quotes_genders_come_from_posts_lone_given_names_and_pronouns() {
        let (doc, res) = run_full(
            "Debate Night\n\n\u{201c}It was great,\u{201d} Melanie said. Trump \
             spokesman Hope Hicks said the campaign was pleased. Congresswoman Chris Lee voted \
             against the bill. Senator Okonkwo said his plan would pass, and he thanked his \
             staff.\n",
        );
        let ctx = QuoteCtx::new(&doc, &res);
        let gender = |name: &str| {
            let e = doc.entities.iter().position(|e| e.name == name);
            ctx.gender_of(e.unwrap_or_else(|| panic!("no {name} in {:?}", doc.entities)))
        };
        // A lone given name that is no surname.
        assert_eq!(gender("Melanie"), Gender::Female);
        // "spokesman" says nothing of gender; her given name does.
        assert_eq!(gender("Hope Hicks"), Gender::Female);
        assert_eq!(gender("Chris Lee"), Gender::Female);
        // The only person of the sentence, and its pronouns.
        assert_eq!(gender("Okonkwo"), Gender::Male);
    }

    #[test]
    fn quotes_a_candidate_knows_the_preposition_whose_object_it_is() {
        let (doc, res) = run_full(
            "Strategist Speaks\n\n\u{201c}That was outrageous,\u{201d} the strategist said in \
             an interview with CNN's Wolf Blitzer. Maria Lopez agreed.\n",
        );
        let ctx = QuoteCtx::new(&doc, &res);
        let at = |name: &str| {
            let e = doc.entities.iter().position(|e| e.name == name);
            let e = e.unwrap_or_else(|| panic!("no {name} in {:?}", doc.entities));
            ctx.governing_preposition(&doc.mentions[doc.entities[e].mentions[0]].tokens)
        };
        assert_eq!(at("Wolf Blitzer"), "interview|with");
        assert_eq!(at("Maria Lopez"), "none");
    }

    #[test]
    fn quotes_whom_a_speaker_speaks_of_is_no_speaker() {
        let (doc, _) = run_full(
            "Trump Attacks Rival\n\nThe New York businessman says of Maria Lopez, \u{201c}If \
             she gets the chance, she will sell the office.\u{201d}\n",
        );
        let st = doc.statements.iter().find(|s| s.direct).expect("the quote");
        assert_ne!(speaker_name(&doc, st), "Maria Lopez");
    }

    #[test]
    fn quotes_pronoun_goes_to_the_subject_not_to_whom_the_subject_spoke_of() {
        let (doc, _) = run_full(
            "Parental Leave Plan Draws Questions\n\nConservative economist Aparna Mathur, who \
             studies tax policy at the American Enterprise Institute, said Ivanka Trump's \
             statement did not clarify the matter.\n\n\u{201c}I don't see details about who is \
             left out,\u{201d} she said.\n",
        );
        let st = doc.statements.iter().find(|s| s.direct).expect("the quote");
        assert_eq!(speaker_name(&doc, st), "Aparna Mathur");
    }

    #[test]
    fn quotes_pronoun_chain_goes_back_to_the_subject_the_first_he_continues() {
        let (doc, res) = run_full(
            "Senator Wants New Embassy\n\nSenator Paul Becker spoke to donors in Ohio on \
             Tuesday. He attacked the trade deal negotiated by President Obama, who he said had \
             failed workers. He pledged to move the embassy.\n\n\u{201c}We will keep that \
             promise,\u{201d} he said.\n",
        );
        let ctx = QuoteCtx::new(&doc, &res);
        let name = |e: Option<usize>| e.map(|e| doc.entities[e].name.as_str());
        let last_he = (0..doc.tokens.len())
            .rev()
            .find(|&t| doc.token_text(t) == "he")
            .unwrap();
        // Obama, named between the two "He"s, is no subject; Becker, before the first, is.
        assert_eq!(name(ctx.chain_antecedent(last_he)), Some("Paul Becker"));
        let obama = doc
            .mentions
            .iter()
            .find(|m| doc.tokens_text(&m.tokens) == "Obama");
        assert!(!ctx.is_subject(&obama.expect("Obama").tokens));
        let becker = doc
            .mentions
            .iter()
            .find(|m| doc.tokens_text(&m.tokens) == "Paul Becker");
        assert!(ctx.is_subject(&becker.expect("Paul Becker").tokens));
    }
}
