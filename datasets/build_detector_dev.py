#!/usr/bin/env python3
"""Build the task-type detector development set (datasets/detector-dev.jsonl).

Everything here was written for modelrouter by the project team; nothing is
drawn from a public dataset. Short prompts live in the sidecar file
``detector-dev-short.jsonl``; this script generates the long items (long
documents for ``long_context`` plus long-but-not-long_context prompts such as
pasted logs, big CSVs and longish translations) from paragraphs and templates
written below, merges everything, and writes the output deterministically.

Usage:
    python datasets/build_detector_dev.py            # (re)write detector-dev.jsonl
    python datasets/build_detector_dev.py --stats    # also print count tables (markdown)
    python datasets/build_detector_dev.py --check    # verify the file on disk is up to date

Standard library only. Output is byte-for-byte reproducible.
"""
# Most of this file is literal prose and %-templates (str.format braces are reserved for
# document slots), so line length and printf-style formatting are not enforced here.
# ruff: noqa: E501, UP031

import collections
import json
import random
import re
import sys
from pathlib import Path

SEED = 20240611
HERE = Path(__file__).resolve().parent
SHORT_PATH = HERE / "detector-dev-short.jsonl"
OUT_PATH = HERE / "detector-dev.jsonl"
LABELS = ["code", "long_context", "reasoning", "simple", "creative", "data_analysis"]

LONG_MIN, LONG_MAX = 6000, 60000


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def rng_for(key):
    """Independent deterministic RNG per generated item (str seeds are stable)."""
    return random.Random("%d:%s" % (SEED, key))


def fill(text, ctx):
    return text.format(**ctx)


def money(n):
    return f"{n:,}"


def subset(rng, required, optional, k_min, k_max=None):
    """Keep all required items plus a random subset of optional ones, preserving order."""
    k_max = len(optional) if k_max is None else k_max
    k = rng.randint(min(k_min, len(optional)), min(k_max, len(optional)))
    chosen = set(rng.sample(range(len(optional)), k))
    return list(required) + [p for i, p in enumerate(optional) if i in chosen]


def sample_unique(rng, pool, n):
    """Draw n templates without repeating until the pool is exhausted, then reshuffle."""
    out, bag = [], []
    while len(out) < n:
        if not bag:
            bag = list(pool)
            rng.shuffle(bag)
        out.append(bag.pop())
    return out


# ==========================================================================
# LONG DOCUMENTS
# Each builder takes an rng and returns the document text. Entity names,
# figures, dates and the choice/order of optional sections vary per call.
# ==========================================================================

# --------------------------------------------------------------------------
# A. Master services agreement (EN) - mentions "class action", "function",
#    "import"/"export": deliberate keyword traps for a naive detector.
# --------------------------------------------------------------------------

MSA_PARTIES = [
    (
        "Harbor & Pine Retail Group, Inc.",
        "Delaware corporation",
        "Lumenfield Systems LLC",
        "Oregon limited liability company",
    ),
    (
        "Caldera Health Partners, P.C.",
        "Colorado professional corporation",
        "Brightwire Data Services, Inc.",
        "Texas corporation",
    ),
    (
        "Meridian Freight Holdings Ltd.",
        "company registered in England and Wales",
        "Quillstone Analytics Ltd.",
        "company registered in Scotland",
    ),
    (
        "Sunbelt Credit Union",
        "Arizona credit union",
        "Orchard Loop Software, Inc.",
        "California corporation",
    ),
]

MSA_CLAUSES = [
    (
        "1. DEFINITIONS",
        '1.1 "Affiliate" means any entity that directly or indirectly controls, is controlled by, or is under common control with a party, where "control" means ownership of more than fifty percent (50%) of the voting interests of the entity.\n'
        '1.2 "Business Function" means any operational, administrative or customer-facing function of Customer that is supported in whole or in part by the Services, including order management, payroll, customer support and financial reporting.\n'
        '1.3 "Confidential Information" means all non-public information disclosed by one party to the other, whether orally or in writing, that is designated as confidential or that reasonably should be understood to be confidential given the nature of the information and the circumstances of disclosure.\n'
        '1.4 "Customer Data" means all data, records and files that Customer or its Authorized Users upload, import or otherwise submit to the Platform, together with any outputs generated from such data.\n'
        '1.5 "Deliverables" means the reports, configurations, integrations and other work product identified as deliverables in a Statement of Work.\n'
        '1.6 "Service Levels" means the availability and response-time commitments set out in Schedule B.',
    ),
    (
        "2. SERVICES AND STATEMENTS OF WORK",
        '2.1 Provider shall provide the hosted platform services described in Schedule A (the "Platform") and any professional services described in a mutually executed statement of work (each, a "SOW"). Each SOW shall reference this Agreement and shall be governed by it. In the event of a conflict between this Agreement and a SOW, this Agreement controls unless the SOW expressly states that a specific section of this Agreement is being modified.\n'
        "2.2 Provider may update the Platform from time to time, provided that no update materially degrades the core functionality, security or performance of the Platform. Provider shall give Customer at least thirty (30) days' written notice before removing any feature that Customer uses to perform a Business Function.\n"
        "2.3 Customer shall designate a project lead with authority to make decisions and approve Deliverables. Provider shall not be liable for delays caused by Customer's failure to provide timely access, information or approvals reasonably requested in writing.",
    ),
    (
        "3. FEES AND PAYMENT",
        "3.1 Customer shall pay the fees set out in Schedule A and in each SOW. Subscription fees are invoiced annually in advance; professional services fees are invoiced monthly in arrears based on time and materials unless the SOW specifies a fixed fee.\n"
        "3.2 Invoices are due within {net_days} days of the invoice date. Undisputed amounts not paid when due shall accrue interest at {late_rate} per month, or the maximum rate permitted by law, whichever is lower. Customer shall notify Provider in writing of any disputed amount within fifteen (15) days of receipt of the invoice, stating the reason for the dispute in reasonable detail, and the parties shall work in good faith to resolve the dispute within thirty (30) days.\n"
        "3.3 Provider may increase the subscription fees upon renewal by giving written notice at least sixty (60) days before the end of the then-current term, provided that any increase shall not exceed {cap_pct} of the fees for the preceding term.\n"
        "3.4 All fees are exclusive of taxes. Customer is responsible for all sales, use, value added and similar taxes, other than taxes based on Provider's net income.",
    ),
    (
        "4. TERM AND TERMINATION",
        "4.1 This Agreement commences on the Effective Date and continues for an initial term of {term_years} years. Thereafter it renews automatically for successive one-year renewal terms unless either party gives written notice of non-renewal at least {nonrenew_days} days before the end of the then-current term.\n"
        "4.2 Either party may terminate this Agreement or any SOW for material breach if the breach remains uncured thirty (30) days after written notice describing the breach.\n"
        "4.3 Customer may terminate for convenience on ninety (90) days' written notice, subject to payment of an early termination fee equal to {etf_pct} of the subscription fees that would have been payable for the remainder of the then-current term.\n"
        "4.4 Upon termination, Provider shall make Customer Data available for export in a commonly used, machine-readable format for a period of {export_days} days, after which Provider may delete Customer Data in accordance with its standard retention schedule. Provider's data export function shall remain available to Customer's administrators throughout this period at no additional charge.",
    ),
    (
        "5. SERVICE LEVELS",
        "5.1 Provider shall make the Platform available at least {uptime} of the time in each calendar month, excluding scheduled maintenance announced at least forty-eight (48) hours in advance and performed outside Customer's business hours.\n"
        "5.2 If Provider fails to meet the availability commitment, Customer shall be entitled to the service credits set out in Schedule B, which shall be Customer's sole and exclusive monetary remedy for such failure, except where repeated failures give rise to a right of termination under Section 5.3.\n"
        "5.3 If availability falls below {uptime_floor} in any three (3) months within a rolling twelve-month period, Customer may terminate this Agreement without paying the early termination fee.",
    ),
    (
        "6. DATA PROTECTION AND SECURITY",
        "6.1 Provider shall maintain administrative, physical and technical safeguards designed to protect Customer Data against unauthorized access, disclosure, alteration or destruction, consistent with industry standards such as ISO/IEC 27001.\n"
        "6.2 Provider shall notify Customer without undue delay, and in any event within {breach_hours} hours, after becoming aware of a security incident affecting Customer Data, and shall provide reasonable information and cooperation to allow Customer to meet its own notification obligations.\n"
        "6.3 Provider shall not access Customer Data except as necessary to provide the Services, prevent or address technical problems, or comply with law. Provider shall not use Customer Data to train general-purpose machine learning models without Customer's prior written consent.\n"
        "6.4 Where the Services involve the processing of personal data, the parties shall comply with the Data Processing Addendum attached as Schedule C. Any import of personal data into the Platform from a jurisdiction with data transfer restrictions shall be carried out under the transfer mechanisms described in that addendum.",
    ),
    (
        "7. INTELLECTUAL PROPERTY",
        "7.1 As between the parties, Customer owns all right, title and interest in Customer Data. Provider owns the Platform, its underlying software and any improvements to it, including improvements suggested by Customer.\n"
        '7.2 Upon full payment of the applicable fees, Provider assigns to Customer all rights in Deliverables that were created specifically for Customer and identified as "Customer-Owned" in the applicable SOW. Provider retains ownership of its pre-existing materials, tools and general know-how, and grants Customer a non-exclusive, perpetual licence to use any such materials incorporated into Deliverables solely for Customer\'s internal business purposes.',
    ),
    (
        "8. CONFIDENTIALITY",
        "8.1 Each party shall use the other party's Confidential Information only to perform its obligations or exercise its rights under this Agreement and shall protect it with at least the same degree of care it uses for its own information of similar importance, and no less than reasonable care.\n"
        "8.2 The obligations in this Section do not apply to information that is or becomes public through no fault of the receiving party, was known to the receiving party without restriction before disclosure, is independently developed, or is rightfully received from a third party without a duty of confidentiality.\n"
        "8.3 These obligations survive for {conf_years} years after termination, and indefinitely for trade secrets.",
    ),
    (
        "9. WARRANTIES",
        "9.1 Provider warrants that the Platform will perform materially in accordance with its documentation and that professional services will be performed in a professional and workmanlike manner by appropriately qualified personnel.\n"
        "9.2 Customer's exclusive remedy for breach of the warranty in Section 9.1 is for Provider to use commercially reasonable efforts to correct the non-conformity and, if Provider cannot do so within sixty (60) days, for Customer to terminate the affected SOW and receive a refund of prepaid fees for the non-conforming portion.\n"
        "9.3 EXCEPT AS EXPRESSLY STATED IN THIS AGREEMENT, NEITHER PARTY MAKES ANY WARRANTY, EXPRESS OR IMPLIED, INCLUDING ANY IMPLIED WARRANTY OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE OR NON-INFRINGEMENT.",
    ),
    (
        "10. INDEMNIFICATION",
        "10.1 Provider shall defend Customer against any third-party claim alleging that the Platform infringes that third party's intellectual property rights, and shall pay any damages finally awarded or agreed in settlement, provided that Customer promptly notifies Provider of the claim, gives Provider sole control of the defence, and provides reasonable cooperation.\n"
        "10.2 Provider has no obligation under Section 10.1 for claims arising from modifications not made by Provider, combinations with products not supplied by Provider, or Customer's use of the Platform in breach of this Agreement.\n"
        "10.3 Customer shall defend Provider against any third-party claim arising from Customer Data or from Customer's use of the Platform in violation of law.",
    ),
    (
        "11. LIMITATION OF LIABILITY",
        "11.1 EXCEPT FOR BREACHES OF SECTION 8, A PARTY'S INDEMNIFICATION OBLIGATIONS, OR A PARTY'S GROSS NEGLIGENCE OR WILFUL MISCONDUCT, NEITHER PARTY SHALL BE LIABLE FOR ANY INDIRECT, INCIDENTAL, SPECIAL, CONSEQUENTIAL OR PUNITIVE DAMAGES, OR FOR LOSS OF PROFITS, REVENUE OR DATA.\n"
        "11.2 EACH PARTY'S TOTAL AGGREGATE LIABILITY ARISING OUT OF OR RELATED TO THIS AGREEMENT SHALL NOT EXCEED THE FEES PAID OR PAYABLE BY CUSTOMER IN THE {liab_months} MONTHS PRECEDING THE EVENT GIVING RISE TO THE CLAIM. FOR BREACHES OF SECTION 6, THIS CAP IS INCREASED TO {liab_mult} TIMES THAT AMOUNT.",
    ),
    (
        "12. DISPUTE RESOLUTION; CLASS ACTION WAIVER",
        "12.1 The parties shall first attempt to resolve any dispute through good-faith negotiation between senior executives for a period of at least thirty (30) days.\n"
        "12.2 Any dispute not so resolved shall be finally settled by binding arbitration administered by {arb_body} under its commercial rules by a single arbitrator seated in {arb_seat}. Judgment on the award may be entered in any court of competent jurisdiction. Either party may seek interim injunctive relief in court to protect its intellectual property or Confidential Information.\n"
        "12.3 CLASS ACTION WAIVER. EACH PARTY AGREES THAT ANY PROCEEDING SHALL BE CONDUCTED ONLY ON AN INDIVIDUAL BASIS AND NOT AS A PLAINTIFF OR CLASS MEMBER IN ANY PURPORTED CLASS, COLLECTIVE, CONSOLIDATED OR REPRESENTATIVE ACTION. THE ARBITRATOR MAY NOT CONSOLIDATE MORE THAN ONE PARTY'S CLAIMS. IF THIS CLASS ACTION WAIVER IS FOUND UNENFORCEABLE, SECTION 12.2 SHALL BE NULL AND VOID AND THE DISPUTE SHALL PROCEED IN THE COURTS OF {arb_seat_upper}.\n"
        "12.4 Nothing in this Section limits the rights of Customer's individual employees or end users, who are not parties to this Agreement.",
    ),
    (
        "13. EXPORT CONTROL AND SANCTIONS",
        "13.1 Each party shall comply with all applicable import and export control laws and economic sanctions regulations in connection with this Agreement. Customer shall not permit access to the Platform from any embargoed jurisdiction or by any person on a restricted-party list.\n"
        "13.2 Customer acknowledges that certain encryption functions of the Platform may be subject to export classification requirements and agrees not to re-export the Platform's client software without any required licence.",
    ),
    (
        "14. NON-SOLICITATION",
        "During the term and for twelve (12) months thereafter, neither party shall directly solicit for employment any employee of the other party who was materially involved in the performance of the Services, provided that general advertisements not targeted at such employees shall not breach this Section.",
    ),
    (
        "15. FORCE MAJEURE",
        "Neither party shall be liable for any failure or delay in performance (other than payment obligations) caused by events beyond its reasonable control, including natural disasters, acts of government, war, terrorism, labour disputes not involving the affected party's own employees, failures of public utilities or regional internet outages. The affected party shall notify the other party promptly and use reasonable efforts to resume performance. If a force majeure event continues for more than sixty (60) days, either party may terminate the affected SOW on written notice.",
    ),
    (
        "16. GENERAL",
        "16.1 Neither party may assign this Agreement without the other party's prior written consent, except to an Affiliate or to a successor in connection with a merger, acquisition or sale of all or substantially all of its assets, provided the assignee is not a competitor of the other party.\n"
        "16.2 Notices must be in writing and delivered by hand, by courier or by email with confirmation of receipt to the addresses set out on the signature page.\n"
        "16.3 This Agreement is governed by the laws of {gov_law}, without regard to its conflict-of-laws rules.\n"
        "16.4 This Agreement, together with its Schedules and all SOWs, constitutes the entire agreement between the parties and supersedes all prior agreements relating to its subject matter. Any amendment must be in writing and signed by authorised representatives of both parties.\n"
        "16.5 If any provision is held invalid, the remaining provisions remain in full force. No waiver is effective unless in writing.",
    ),
]

MSA_MODULES = [
    ("Core platform subscription", "per year", 38000, 92000),
    ("Order management module", "per year", 12000, 30000),
    ("Payroll connector", "per year", 6000, 14000),
    ("Analytics add-on (up to 25 seats)", "per year", 9000, 21000),
    ("Additional sandbox environment", "per year", 3000, 7500),
    ("Premium support (24x7, 1h P1 response)", "per year", 15000, 36000),
    ("Data import and migration services", "fixed fee", 18000, 45000),
    ("Solution architect", "per day", 1400, 2100),
    ("Integration developer", "per day", 950, 1450),
    ("Project manager", "per day", 900, 1300),
    ("Training workshop (up to 12 attendees)", "per session", 2200, 4200),
]


def build_msa(rng):
    cust, cust_kind, prov, prov_kind = rng.choice(MSA_PARTIES)
    seat = rng.choice(
        ["New York, New York", "Chicago, Illinois", "London, England", "Denver, Colorado"]
    )
    ctx = dict(
        net_days=rng.choice([30, 45, 60]),
        late_rate=rng.choice(["1%", "1.5%", "0.75%"]),
        cap_pct=rng.choice(["5%", "7%", "3%", "the percentage change in CPI plus 2%"]),
        term_years=rng.choice(["three (3)", "two (2)", "five (5)"]),
        nonrenew_days=rng.choice([60, 90, 120]),
        etf_pct=rng.choice(["50%", "75%", "100%"]),
        export_days=rng.choice([30, 60, 90]),
        uptime=rng.choice(["99.9%", "99.5%", "99.95%"]),
        uptime_floor=rng.choice(["99.0%", "98.5%"]),
        breach_hours=rng.choice([24, 48, 72]),
        conf_years=rng.choice(["three (3)", "five (5)"]),
        liab_months=rng.choice(["TWELVE (12)", "SIX (6)", "TWENTY-FOUR (24)"]),
        liab_mult=rng.choice(["TWO (2)", "THREE (3)"]),
        arb_body=rng.choice(
            [
                "the American Arbitration Association",
                "JAMS",
                "the London Court of International Arbitration",
            ]
        ),
        arb_seat=seat,
        arb_seat_upper=seat.upper(),
        gov_law=rng.choice(
            [
                "the State of New York",
                "the State of Delaware",
                "England and Wales",
                "the State of Colorado",
            ]
        ),
    )
    eff = "%s %d, %d" % (
        rng.choice(["January", "March", "April", "July", "September", "November"]),
        rng.randint(1, 28),
        rng.choice([2023, 2024, 2025]),
    )
    head = (
        "MASTER SERVICES AGREEMENT\n\n"
        'This Master Services Agreement (the "Agreement") is entered into as of %s (the "Effective Date") by and between %s, a %s ("Customer"), and %s, a %s ("Provider"). Customer and Provider are each a "party" and together the "parties".\n\n'
        "RECITALS\n\nProvider operates a cloud-based operations platform and provides related implementation and support services. Customer wishes to use the platform to support certain of its business functions, and Provider wishes to provide it, on the terms set out below. In consideration of the mutual promises in this Agreement, the parties agree as follows:"
        % (eff, cust, cust_kind, prov, prov_kind)
    )
    required = MSA_CLAUSES[:5] + MSA_CLAUSES[10:12]
    optional = MSA_CLAUSES[5:10] + MSA_CLAUSES[12:]
    chosen = subset(rng, required, optional, len(optional) - 3)
    order = {c[0]: i for i, c in enumerate(MSA_CLAUSES)}
    chosen.sort(key=lambda c: order[c[0]])
    body = ["%s\n\n%s" % (t, fill(txt, ctx)) for t, txt in chosen]
    rows = []
    for name, unit, lo, hi in rng.sample(MSA_MODULES, rng.randint(6, len(MSA_MODULES))):
        price = rng.randrange(lo, hi, 50)
        qty = 1 if unit != "per day" else rng.choice([10, 15, 20, 30, 40])
        rows.append(
            "| %s | %s | %s | $%s | $%s |" % (name, unit, qty, money(price), money(price * qty))
        )
    sched_a = (
        "SCHEDULE A - SERVICES AND FEES\n\n| Item | Unit | Qty | Unit price | Extended |\n|---|---|---|---|---|\n"
        + "\n".join(rows)
        + "\n\nTravel expenses for on-site work are billed at cost, subject to Customer's travel policy, and must be pre-approved in writing. Rates for professional services are fixed for the first twelve months and may thereafter be adjusted once per year."
    )
    credits = [(ctx["uptime"], "100%", "0%")]
    tiers = [("99.0%", "5%"), ("98.0%", "10%"), ("97.0%", "15%"), ("95.0%", "25%")]
    sched_b = (
        "SCHEDULE B - SERVICE LEVELS AND CREDITS\n\n| Monthly availability | Service credit (% of monthly fee) |\n|---|---|\n"
        + "| >= %s | none |\n" % credits[0][0]
        + "\n".join(
            "| below %s but at least %s | %s |" % (a, b[0], b[1])
            for a, b in zip([ctx["uptime"], *[t[0] for t in tiers[:-1]]], tiers, strict=True)
        )
        + "\n| below 95.0% | 30% |\n\nSupport response targets: Priority 1 (Platform unavailable or a Business Function stopped): 1 hour. Priority 2 (major feature degraded, workaround available): 4 business hours. Priority 3 (minor issue): 2 business days. Priority 4 (question or enhancement request): 5 business days.\n\nCredits must be requested within thirty (30) days of the end of the affected month and are applied against the next invoice. Credits in any month shall not exceed thirty percent (30%) of that month's subscription fee."
    )
    sig = (
        "IN WITNESS WHEREOF, the parties have executed this Agreement as of the Effective Date.\n\n%s\nBy: ____________________\nName: %s\nTitle: %s\n\n%s\nBy: ____________________\nName: %s\nTitle: %s"
        % (
            cust,
            rng.choice(["Dana Whitfield", "Marcus Oyelaran", "Priya Raman"]),
            rng.choice(["Chief Operating Officer", "General Counsel", "VP Procurement"]),
            prov,
            rng.choice(["Tom Bexley", "Alicia Romero", "Kenji Abe"]),
            rng.choice(["Chief Executive Officer", "VP Sales"]),
        )
    )
    return "\n\n".join([head, *body, sched_a, sched_b, sig])


# --------------------------------------------------------------------------
# B. Biology research paper (EN) - "protein function", "class II",
#    "mitochondrial import", "Δ...-deficient": keyword traps.
# --------------------------------------------------------------------------

BIO_GENES = [("Tmc7", "TMC7"), ("Ypr31", "YPR31"), ("Mgr9", "MGR9"), ("Oxa5", "OXA5")]

BIO_SECTIONS = [
    (
        "Abstract",
        "Most mitochondrial proteins are synthesised in the cytosol and must be imported across one or both mitochondrial membranes. While the core translocases of the outer and inner membrane are well characterised, how precursor proteins are protected from aggregation in the intermembrane space remains incompletely understood. Here we report the functional characterisation of {g}, a previously unannotated {kda} kDa protein of the yeast Saccharomyces cerevisiae. Using a combination of in organello import assays, crosslinking and quantitative proteomics, we show that {g} associates transiently with hydrophobic carrier precursors after they emerge from the outer membrane channel. Cells lacking {g} display a {defect}% reduction in the import rate of the ADP/ATP carrier at 37 °C, accumulate carrier precursors in a protease-accessible state, and fail to grow on non-fermentable carbon sources at elevated temperature. Sequence and structural analysis place {g} in the class II family of small ATP-independent chaperones. Our data suggest that {g} functions as a holdase that bridges the handover of carrier proteins between the small TIM chaperones and the TIM22 complex.",
    ),
    (
        "1. Introduction",
        "Mitochondria contain around one thousand different proteins, of which only eight are encoded by the mitochondrial genome in yeast. The remaining proteins are translated on cytosolic ribosomes and imported post-translationally through dedicated machineries. Members of the mitochondrial carrier family, such as the ADP/ATP carrier, are particularly challenging substrates: they are highly hydrophobic, contain six transmembrane segments and lack a cleavable presequence. After crossing the outer membrane through the TOM complex, carrier precursors are bound in the aqueous intermembrane space by hexameric Tim9-Tim10 chaperones before being inserted into the inner membrane by the TIM22 carrier translocase.\n\n"
        "Several lines of evidence indicate that this pathway is not fully described by the known components. First, the affinity of the Tim9-Tim10 complex for some carrier segments is modest, raising the question of how aggregation is prevented during transient release. Second, proteomic surveys have repeatedly identified uncharacterised low-abundance proteins in the intermembrane space whose levels change in response to import stress. Third, genetic screens for suppressors of temperature-sensitive tim10 alleles yielded several hits that were never followed up. One of these, the open reading frame now designated {g}, encodes a protein with no annotated domains and no assigned function.",
    ),
    (
        "2.1 {g} is an intermembrane space protein induced by import stress",
        "To determine the localisation of {g}, we expressed a C-terminally HA-tagged version from its endogenous locus. Subcellular fractionation showed that {g}-HA co-fractionated with mitochondria and was protected from externally added proteinase K in intact mitochondria but became accessible after osmotic rupture of the outer membrane, consistent with a location in the intermembrane space. Carbonate extraction released {g}-HA into the supernatant, indicating that it is a soluble or peripherally associated protein rather than an integral membrane protein. Steady-state levels of {g} increased {fold}-fold when cells were shifted to 37 °C and approximately twofold upon treatment with the uncoupler CCCP at sub-lethal concentrations, conditions known to cause accumulation of import intermediates.",
    ),
    (
        "2.2 Loss of {g} impairs carrier import",
        "We next generated a deletion strain (Δ{gl}) and tested its growth on fermentable and non-fermentable media. At 30 °C, the deletion strain grew indistinguishably from wild type on glucose and showed a mild growth delay on glycerol. At 37 °C, however, growth on glycerol was almost completely abolished. Mitochondria isolated from Δ{gl}-deficient cells imported radiolabelled Su9-DHFR, a presequence-containing model substrate, with wild-type kinetics. In contrast, the import of the ADP/ATP carrier into the inner membrane was reduced by {defect}% after 15 minutes, and the phosphate carrier showed a similar, though weaker, defect. Import of the outer membrane protein Tom40 and the intermembrane space protein Mia40 was unaffected. These results indicate that {g} is specifically required for the carrier pathway rather than for mitochondrial protein import in general.",
    ),
    (
        "2.3 Carrier precursors accumulate in a protease-sensitive state",
        "To define the step at which import stalls, we performed import reactions followed by treatment with proteinase K and blue native electrophoresis. In wild-type mitochondria, the ADP/ATP carrier progressed through the characteristic stage III intermediate bound to the TIM22 complex and subsequently assembled into its mature dimeric form. In Δ{gl} mitochondria, a larger fraction of the precursor remained accessible to protease after disruption of the outer membrane and was found in high-molecular-weight smears on native gels, suggesting aggregation in the intermembrane space. Re-expression of {g} from a plasmid fully restored normal intermediate formation, whereas a variant carrying substitutions in a conserved hydrophobic groove (F48A/L52A) did not.",
    ),
    (
        "2.4 {g} binds carrier segments and Tim9-Tim10",
        "Site-specific photo-crosslinking with precursors carrying a single benzoyl-phenylalanine in transmembrane segment 3 or 5 produced a crosslink product of the size expected for {g} plus carrier, which was immunoprecipitated with anti-HA antibodies. The crosslink was detected only during the first five minutes of import and disappeared when mitochondria were depleted of membrane potential, indicating that {g} engages precursors after translocation through the TOM channel but before insertion into the inner membrane. Co-immunoprecipitation from digitonin-solubilised mitochondria recovered Tim9 and Tim10 with {g}-HA, but not Tim22 or Tim54. Quantitative mass spectrometry identified {hits} proteins significantly enriched in {g} pull-downs, {carriers} of which were members of the mitochondrial carrier family.",
    ),
    (
        "2.5 Structural prediction places {g} in the class II holdase family",
        "{g} has no sequence similarity to the small TIM proteins. However, structure prediction yielded a confident model consisting of a four-helix bundle with an exposed hydrophobic groove, a fold shared with several class II ATP-independent chaperones from bacteria and chloroplasts. Members of this class bind unfolded clients through hydrophobic surfaces without consuming ATP and release them to downstream factors. Phylogenetic analysis identified putative orthologues of {g} in most fungi and in several plant species but not in animals, suggesting that metazoans may rely on a different mechanism or that the function is carried out by an unrelated protein.",
    ),
    (
        "3. Discussion",
        "We propose that {g} acts as an auxiliary holdase that captures carrier precursors transiently released from Tim9-Tim10 and prevents their aggregation before handover to the TIM22 complex. This model explains why the requirement for {g} becomes apparent at elevated temperature, where the aggregation propensity of hydrophobic segments increases and the capacity of the canonical chaperones is exceeded. It also explains why presequence-containing proteins, which traverse the intermembrane space in an extended conformation while engaged with the TIM23 complex, do not depend on {g}.\n\n"
        "Our study has several limitations. The in organello assays use radiolabelled precursors synthesised in reticulocyte lysate at concentrations that may not reflect in vivo conditions. The crosslinking experiments establish proximity, not a direct binding affinity, and we have not yet reconstituted the handover with purified components. Finally, the structural model of {g} is a prediction; although consistent with the mutational data, it awaits experimental confirmation. Future work should determine whether {g} levels are limiting under physiological stress conditions and whether the functional analogue in human cells is one of the uncharacterised intermembrane space proteins linked to mitochondrial disease.",
    ),
    (
        "4. Materials and methods",
        "Yeast strains were derived from BY4741. Deletions were generated by homologous recombination using a kanMX4 cassette and verified by PCR. Cells were grown in YPD or YPG medium at 30 °C unless stated otherwise. Mitochondria were isolated by differential centrifugation after enzymatic digestion of the cell wall with zymolyase, and protein concentrations were adjusted to 10 mg/ml. Radiolabelled precursors were synthesised in rabbit reticulocyte lysate in the presence of [35S]methionine. Import reactions were performed in import buffer containing 2 mM ATP and 2 mM NADH at 25 °C or 37 °C and stopped by dissipation of the membrane potential with valinomycin. Where indicated, samples were treated with 50 µg/ml proteinase K for 15 min on ice. Blue native electrophoresis used 6-16.5% gradient gels after solubilisation in 1% digitonin. For photo-crosslinking, precursors containing benzoyl-phenylalanine were generated by amber suppression and irradiated at 365 nm for 10 minutes on ice. Mass spectrometry samples were analysed in biological triplicates; proteins were considered enriched at a fold change above 4 and an adjusted p-value below 0.01. Statistical significance for import kinetics was assessed with two-tailed t-tests on at least three independent mitochondrial preparations.",
    ),
]

BIO_STRAINS = [
    "wild type (BY4741)",
    "Δ{gl}",
    "Δ{gl} + p{g}",
    "Δ{gl} + p{g}(F48A/L52A)",
    "tim10-1",
    "tim10-1 Δ{gl}",
    "{g}-HA",
    "Δ{gl} tom70Δ",
]
BIO_AUTHORS = [
    "Lindqvist, A.",
    "Moreau, C.",
    "Haddad, R.",
    "Oduya, T.",
    "Weiss, P.",
    "Nakamura, Y.",
    "Petrova, E.",
    "Castillo, M.",
    "Brennan, S.",
    "Adeyemi, K.",
]
BIO_TOPICS = [
    "Chaperone networks in the mitochondrial intermembrane space",
    "Carrier protein biogenesis under heat stress",
    "Small TIM proteins and the prevention of precursor aggregation",
    "Quality control of stalled import intermediates",
    "The TIM22 complex: structure and insertion mechanism",
    "Proteomic mapping of intermembrane space proteins",
    "ATP-independent holdases across the tree of life",
    "Import stress signalling to the cytosol",
    "Photo-crosslinking approaches to protein translocation",
    "Evolution of mitochondrial protein import machineries",
]


def build_bio(rng):
    g, gl = rng.choice(BIO_GENES)
    ctx = dict(
        g=g,
        gl=gl,
        kda=rng.choice([14, 17, 19, 21]),
        defect=rng.choice([58, 64, 71, 77]),
        fold=rng.choice([3, 4, 5]),
        hits=rng.choice([23, 31, 38]),
        carriers=rng.choice([11, 14, 17]),
    )
    title = rng.choice(
        [
            "{g} is a class II holdase that safeguards carrier protein import into mitochondria",
            "Functional characterisation of {g}, an intermembrane space chaperone required for carrier import",
            "An auxiliary chaperone function for {g} in the mitochondrial carrier import pathway",
        ]
    ).format(**ctx)
    authors = ", ".join(rng.sample(BIO_AUTHORS, rng.randint(4, 7)))
    parts = [
        title,
        authors
        + "\n"
        + rng.choice(
            [
                "Institute of Biochemistry, Nordvik University",
                "Department of Cell Biology, Riverbend University",
                "Centre for Molecular Physiology, Lakeshore Institute",
            ]
        ),
    ]
    secs = (
        BIO_SECTIONS[:2] + subset(rng, BIO_SECTIONS[2:4], BIO_SECTIONS[4:7], 2) + BIO_SECTIONS[7:]
    )
    for h, t in secs:
        parts.append(fill(h, ctx) + "\n\n" + fill(t, ctx))
    rows = []
    for tpl in BIO_STRAINS:
        s = tpl.format(**ctx)
        g30 = rng.choice(["+++", "+++", "++"])
        g37 = (
            "+++"
            if ("wild" in s or s.endswith("-HA") or ("+ p" in s and "F48A" not in s))
            else rng.choice(["-", "+/-", "+"])
        )
        rows.append(
            "| %s | %s | %s | %d ± %d |"
            % (
                s,
                g30,
                g37,
                rng.randint(20, 100) if g37 != "+++" else rng.randint(92, 104),
                rng.randint(3, 9),
            )
        )
    parts.append(
        "Table 1. Strains used in this study, growth on YPG and relative AAC import at 37 °C (15 min, % of wild type)\n\n| Strain | YPG 30 °C | YPG 37 °C | AAC import |\n|---|---|---|---|\n"
        + "\n".join(rows)
    )
    refs = []
    for i, topic in enumerate(rng.sample(BIO_TOPICS, rng.randint(7, len(BIO_TOPICS))), 1):
        refs.append(
            "%d. %s, %s (%d). %s. J. Mol. Cell Res. %d:%d-%d."
            % (
                i,
                rng.choice(BIO_AUTHORS),
                rng.choice(BIO_AUTHORS),
                rng.randint(2004, 2023),
                topic,
                rng.randint(12, 88),
                rng.randint(100, 900),
                rng.randint(901, 999),
            )
        )
    parts.append("References\n\n" + "\n".join(refs))
    return "\n\n".join(parts)


# --------------------------------------------------------------------------
# C. Earnings call transcript (EN) - prepared remarks + generated Q&A.
# --------------------------------------------------------------------------

EC_COMPANIES = [
    ("Northwind Logistics", "NWLG", "freight and warehousing"),
    ("Cobalt Ridge Outdoor", "CBRO", "outdoor apparel"),
    ("Helix Dental Group", "HLXD", "dental clinics"),
    ("Pinecrest Software", "PCST", "HR software"),
]
EC_ANALYSTS = [
    ("Rachel Kim", "Barrow Stanley"),
    ("Omar Haddad", "Keystone Securities"),
    ("Lucas Brandt", "Fjord Capital Markets"),
    ("Ifeoma Nwosu", "Granite Research"),
    ("Daniel Park", "Wexley & Co."),
    ("Sofia Marchetti", "Arbor Equity Partners"),
    ("Ben Goldfarb", "Tidewater Securities"),
    ("Hannah Cole", "Summit Lane Research"),
]

EC_CEO = [
    "Thank you, operator, and good morning, everyone. {q_cap} was a quarter of solid execution in a demand environment that remained uneven. Revenue came in at ${rev} million, up {growth}% year over year, and ahead of the midpoint of our guidance range. I want to thank our teams across all of our regions, who delivered that result while we were in the middle of a significant systems migration.",
    "Let me start with the customer picture. We added {newcust} net new customers in the quarter, and our net revenue retention was {nrr}%. Larger accounts continued to expand with us, while we saw more caution among small and mid-sized customers, particularly in the second half of the quarter. Sales cycles for deals above one million dollars lengthened by roughly two weeks compared with last year, and we are planning on the assumption that this persists.",
    "On operations, we completed the consolidation of two of our older facilities into the new {site} site, which is now running at about {util}% of planned capacity. As we flagged last quarter, this transition temporarily weighed on gross margin because we carried duplicate costs for most of the quarter. Those duplicate costs are now behind us, and we expect the benefit to show up progressively from next quarter onwards.",
    "We also made progress on our pricing work. The new tiered pricing structure went live for new customers in the second month of the quarter. Early data is encouraging: average deal size on new contracts is up high single digits, and we have not seen a measurable change in win rates. We will begin moving existing customers to the new structure at renewal, which means the full effect will take around eighteen months to flow through.",
    "Before I hand over to {cfo_first}, a word on capital allocation. Our priorities are unchanged: invest in the business where we see attractive returns, maintain a conservative balance sheet, and return excess cash to shareholders. During the quarter we repurchased ${buyback} million of stock, and the board has authorised an additional ${buyback2} million programme.",
]
EC_CFO = [
    "Thanks, {ceo_first}. I'll walk through the financials in more detail and then cover our outlook. Total revenue for {q} was ${rev} million, up {growth}% year over year. Recurring revenue represented {recur}% of the total, compared with {recur_prev}% a year ago.",
    "Gross margin was {gm}%, down {gm_delta} basis points year over year, reflecting the duplicate facility costs that Mark described, partly offset by pricing. Excluding those one-time transition costs, gross margin would have been approximately {gm_adj}%. Operating expenses were ${opex} million, or {opex_pct}% of revenue, as we continued to hold headcount roughly flat outside of our sales organisation.",
    "Adjusted operating income was ${opinc} million, for a margin of {opm}%. GAAP net income was ${ni} million, or ${eps} per diluted share. Free cash flow was ${fcf} million, seasonally our weakest quarter because of annual bonus payments and prepaid insurance.",
    "We ended the quarter with ${cash} million in cash and equivalents and ${debt} million drawn on our revolving credit facility, for a net leverage ratio of {lev} times adjusted EBITDA.",
    "Turning to guidance. For the next quarter we expect revenue in the range of ${g_lo} million to ${g_hi} million. For the full year we are {guide_action} our revenue outlook to ${fy_lo} million to ${fy_hi} million, and we now expect adjusted operating margin of {fy_opm}%, {margin_word} the prior range. The guidance assumes no improvement in the macro environment and includes roughly one point of headwind from currency.",
]
EC_QA = [
    (
        "Can you unpack the gross margin bridge a bit more? How much of the decline was the facility transition versus mix?",
        "Sure. Of the {gm_delta} basis points, roughly two thirds is the duplicate facility cost. The rest is mix, mainly a higher share of implementation services, which carry lower margins than subscriptions. We expect the facility piece to reverse fully; mix will normalise more gradually.",
    ),
    (
        "You mentioned longer sales cycles for large deals. Is that concentrated in any particular vertical or region?",
        "It's fairly broad-based, but it's most visible in manufacturing and in our European business. We're not seeing deals lost at a higher rate; they're taking an extra approval step, often at the CFO level. Pipeline coverage for the back half is actually higher than at this point last year.",
    ),
    (
        "On the new pricing, what are you assuming for churn when existing customers move to the new tiers at renewal?",
        "We've assumed a modest uptick in churn among the smallest customers, who will see the largest percentage increase. That's baked into the guide. For mid-market and enterprise customers, the new tiers mostly package things they already use, so we don't expect meaningful churn there.",
    ),
    (
        "How should we think about the cadence of margin improvement through the rest of the year?",
        "Next quarter should show a clear step up as the duplicate costs fall away, then a more gradual improvement as pricing flows through. I'd caution against simply extrapolating the step-up, because we'll also be investing in the second phase of the systems work.",
    ),
    (
        "Free cash flow was lighter than we expected. Anything unusual in working capital?",
        "Two things: we paid annual bonuses, which always hits this quarter, and a couple of large customers moved to quarterly billing from annual. That's a timing issue rather than a collection issue. Days sales outstanding were actually down two days.",
    ),
    (
        "Can you talk about headcount plans? Are there any further restructuring actions planned?",
        "We don't have further restructuring planned. We'll keep total headcount roughly flat, with continued hiring in sales and customer success funded by efficiencies elsewhere, mainly through automation in support and finance.",
    ),
    (
        "What's the competitive environment like? Are you seeing more price pressure from the newer entrants?",
        "We see them in smaller deals, and they tend to compete on price. In larger deals, where integration and reliability matter, our win rates are stable. We are not going to chase price in the low end of the market.",
    ),
    (
        "On capital allocation, is M&A on the table given where valuations are?",
        "We look at opportunities continuously, and valuations for smaller companies have come down. Our bar is high: we'd want something that adds capability our customers are asking for and that we can integrate without distracting from the systems migration. Buybacks remain an important part of the mix.",
    ),
    (
        "Could you quantify the currency impact in the quarter and in the guide?",
        "Currency was about a half-point headwind to reported growth this quarter. For the full year we've assumed roughly one point, based on current rates. We don't hedge revenue, so that number moves with the dollar.",
    ),
    (
        "Any update on the second phase of the systems migration and the associated costs?",
        "Phase two starts next quarter and runs about nine months. We expect total one-time costs in the range of ${mig_lo} to ${mig_hi} million, which we'll call out separately. The main risk is timing; we've built buffer into the plan.",
    ),
    (
        "Net revenue retention ticked down. What would it take to get back above {nrr_target}%?",
        "Mostly a healthier small-business segment. Expansion in larger accounts is actually up. If small-business contraction simply returns to last year's level, we'd be back above that mark without any heroics.",
    ),
    (
        "Is there any seasonality we should keep in mind for next quarter's new customer additions?",
        "Next quarter is usually our strongest for new logos because of budget cycles, so I wouldn't read too much into this quarter's number in either direction.",
    ),
]


def build_earnings(rng):
    name, ticker, _sector = rng.choice(EC_COMPANIES)
    q = rng.choice(
        ["the second quarter", "the third quarter", "the fourth quarter", "the first quarter"]
    )
    rev = rng.randint(180, 960)
    g = rng.randint(3, 19)
    ctx = dict(
        q=q,
        rev=rev,
        growth=g,
        newcust=rng.randint(40, 400),
        nrr=rng.randint(101, 118),
        site=rng.choice(["Columbus", "Reno", "Rotterdam", "Monterrey"]),
        util=rng.randint(55, 85),
        buyback=rng.randint(10, 60),
        buyback2=rng.choice([100, 150, 200, 250]),
        recur=rng.randint(60, 85),
        recur_prev=rng.randint(55, 80),
        gm=round(rng.uniform(38, 71), 1),
        gm_delta=rng.randint(60, 240),
        gm_adj=None,
        opex=round(rev * rng.uniform(0.25, 0.4), 1),
        opex_pct=rng.randint(25, 40),
        opinc=round(rev * rng.uniform(0.08, 0.2), 1),
        opm=round(rng.uniform(8, 20), 1),
        ni=round(rev * rng.uniform(0.03, 0.1), 1),
        eps="%.2f" % rng.uniform(0.12, 1.4),
        fcf=round(rev * rng.uniform(0.01, 0.09), 1),
        cash=rng.randint(80, 600),
        debt=rng.randint(0, 300),
        lev="%.1f" % rng.uniform(0.3, 2.2),
        g_lo=rev + rng.randint(0, 20),
        g_hi=rev + rng.randint(21, 45),
        guide_action=rng.choice(["reaffirming", "raising", "narrowing"]),
        fy_lo=rev * 4 - rng.randint(0, 40),
        fy_hi=rev * 4 + rng.randint(20, 80),
        fy_opm=rng.choice(["14 to 15", "16 to 17", "12 to 13", "18 to 19"]),
        margin_word=rng.choice(["at the low end of", "unchanged from", "slightly above"]),
        mig_lo=rng.randint(8, 15),
        mig_hi=rng.randint(16, 30),
        nrr_target=rng.choice([110, 112, 115]),
        ceo_first="Mark",
        cfo_first=rng.choice(["Elena", "Grace", "Victor"]),
    )
    ctx["q_cap"] = q[0].upper() + q[1:]
    ctx["gm_adj"] = round(ctx["gm"] + ctx["gm_delta"] * 0.66 / 100, 1)
    ceo = "Mark Delaney"
    cfo = {"Elena": "Elena Vasquez", "Grace": "Grace Liu", "Victor": "Victor Osei"}[
        ctx["cfo_first"]
    ]
    ir = rng.choice(["Jordan Fields", "Amelia Wong", "Chris Patterson"])
    out = [
        "%s (%s) %s %d Earnings Conference Call - Transcript"
        % (name, ticker, q.title().replace("The ", ""), rng.choice([2023, 2024, 2025])),
        "Operator: Good morning, and welcome to the %s earnings conference call for %s. All participants are in listen-only mode. After the prepared remarks there will be a question-and-answer session. Please note this call is being recorded. I would now like to turn the call over to %s, Head of Investor Relations."
        % (name, q, ir),
        "%s: Thank you. Joining me today are %s, our Chief Executive Officer, and %s, our Chief Financial Officer. Before we begin, I'd remind you that today's remarks include forward-looking statements, which are subject to risks and uncertainties described in our filings. Actual results may differ materially. We will also refer to non-GAAP measures; reconciliations to the most comparable GAAP measures are in our press release. With that, I'll turn it over to Mark."
        % (ir, ceo, cfo),
    ]
    ceo_paras = [EC_CEO[0], *subset(rng, [], EC_CEO[1:4], 2), EC_CEO[4]]
    out.append("%s: " % ceo + "\n\n".join(fill(p, ctx) for p in ceo_paras))
    out.append(
        "%s: " % cfo
        + "\n\n".join(fill(p, ctx) for p in EC_CFO)
        + "\n\nWith that, operator, let's open the line for questions."
    )
    analysts = rng.sample(EC_ANALYSTS, rng.randint(5, len(EC_ANALYSTS)))
    qa = rng.sample(EC_QA, rng.randint(8, len(EC_QA)))
    for i, (qq, aa) in enumerate(qa):
        an, firm = analysts[i % len(analysts)]
        who = rng.choice([ceo, cfo])
        out.append(
            "Operator: Our next question comes from %s with %s. Your line is open." % (an, firm)
        )
        out.append(
            "%s: Hi, thanks for taking the question%s. %s"
            % (
                an.split()[0] + " " + an.split()[1],
                rng.choice(["", "s", " and congrats on the quarter"]),
                fill(qq, ctx),
            )
        )
        out.append("%s: %s" % (who, fill(aa, ctx)))
        if rng.random() < 0.35:
            out.append(
                "%s: %s"
                % (
                    an,
                    rng.choice(
                        [
                            "That's helpful. Just a quick follow-up: is that included in the full-year guide?",
                            "Got it. And does that change your view on the back half?",
                            "Thanks. Anything you'd add on the regional split there?",
                        ]
                    ),
                )
            )
            out.append(
                "%s: %s"
                % (
                    rng.choice([ceo, cfo]),
                    rng.choice(
                        [
                            "Yes, it's fully included, and we've been deliberately conservative with it.",
                            "Not materially. It's one of the reasons we kept the range wide.",
                            "Europe is a bit softer, North America is in line with our plan, and the smaller regions are too small to move the total.",
                        ]
                    ),
                )
            )
    out.append(
        "Operator: This concludes our question-and-answer session. I'd like to turn the call back over to Mark Delaney for closing remarks."
    )
    out.append(
        "%s: Thanks, everyone, for joining us today. We're pleased with how the team executed this quarter, and we're focused on delivering the margin improvement we've laid out. We look forward to updating you next quarter."
        % ceo
    )
    return "\n\n".join(out)


# --------------------------------------------------------------------------
# D. Novel chapter (EN) - original literary fiction.
# --------------------------------------------------------------------------

NOVEL_PARAS = [
    "Chapter {chap}\n\nThe ferry to {island} ran twice a day in winter, and {narr} missed the first one on purpose. She sat in the café above the terminal with a cup of tea she did not drink and watched the boat pull away, its wake folding back on itself in the grey water until there was nothing to show it had ever been there. She told herself she needed the extra hours to think about what she would say to {bro}. That was not true. She had been thinking about what to say to {bro} for eleven years, and she had never once got past the first sentence.",
    "The letter from the solicitor was in her coat pocket. She had read it so many times that the folds had gone soft, like cloth. The house on {island} was to be sold; both children of the late Margaret {surname} were required to sign; Mr {bro} {surname} had indicated that he would be present on the island on the fourteenth. It was a neutral, careful letter, the sort of letter that was designed to contain nothing, and yet she had found in the phrase 'had indicated' a whole history of her brother: the way he never said anything directly, the way he let other people carry his decisions for him, like parcels.",
    "When the afternoon ferry came, she was the only foot passenger. A man in a fluorescent jacket waved her aboard without looking at her ticket. She stood at the rail for the whole crossing, although it was cold, because she wanted to see the island appear. She remembered it as enormous, a whole country, with its own weather and its own laws. What rose out of the mist was a low hump of land with a scatter of white houses along one edge, a church with a squat tower, and on the far hill, alone, the house. It looked smaller than a house ought to look. It looked like something that could be picked up and carried away.",
    "Their mother had bought the house the summer {narr} turned nine, with money nobody ever explained. For three years they had lived there all year round, {bro} and {narr} and their mother, and for three years {narr} had been happy in a way she had not been before or since, a happiness so complete that she had not known it was happiness until it ended. Then their mother had taken a job on the mainland and the house had become a place for summers, and then for occasional summers, and then for nothing at all except the payment of rates and the slow work of salt on window frames.",
    "The harbour master's wife, Mrs {neighbour}, met her on the slipway as if she had been expected. 'You'll be wanting the key,' she said, 'your brother's already up there.' {narr} felt her stomach drop, as it used to drop on the swing at the end of the pier when {bro} pushed too hard. She had counted on arriving first. She had counted on having one evening alone in the house, to walk through the rooms and decide what she felt before she had to perform it in front of someone else.",
    "'He came on the morning boat,' Mrs {neighbour} went on. 'Brought a van. I said to him, you won't get a van up that track after the rain we've had, and he said he'd manage. He always did think he'd manage.' She looked at {narr} with the frank curiosity of someone who had watched both of them grow up and had formed opinions she was not going to share. 'You look like your mother,' she said finally. It was not clear whether this was meant as a kindness.",
    "The track up to the house had been resurfaced at some point and then allowed to fall apart again. {narr} walked it with her bag knocking against her leg, past the field where the Hendersons had kept their two bad-tempered ponies, past the rock shaped like a sleeping dog that {bro} had once told her was a real dog turned to stone by a witch. She had believed him for a whole summer. She had left biscuits on the rock. Later, when she found out, she had been angrier than the lie deserved, and it occurred to her now, climbing, that this was perhaps the first time she had understood that her brother's stories were not gifts but a way of keeping her exactly where he wanted her.",
    "The van was parked at an angle in the gateway, one wheel sunk in the mud. The front door of the house stood open. From inside came the sound of something heavy being dragged across floorboards. {narr} stopped on the step. The hall smelled of damp and of something older underneath, woodsmoke and oranges, the smell of Christmas in the year their mother had tried to make the house festive and had burned the cloves. She had not known that a smell could survive eleven years in an empty house. She had not known she would recognise it instantly.",
    "'{narr_short}?' {bro} appeared at the end of the hall with his sleeves pushed up and dust in his hair. He was heavier than she remembered and he had started to go grey at the temples, and for a moment he was a stranger, a man her own age moving furniture in a stranger's house. Then he smiled, the lopsided smile that had got him out of every kind of trouble, and he was entirely himself. 'You came,' he said. 'I wasn't sure you would.' She wanted to say: the letter said you had indicated. She wanted to say: you could have called. What she said was, 'You're letting the heat out,' and she stepped inside and shut the door behind her.",
    "They did not talk about anything important that evening. {bro} had brought a camping stove and tins of soup, and they ate at the kitchen table with their coats on because the boiler would not light. He told her about his work, something to do with logistics software that he described at length without her understanding what he actually did. She told him about the school where she taught, and about the flat she had bought, and about a man she had been seeing who had recently stopped being someone she was seeing. {bro} listened with his head on one side. He had always been a good listener. It was one of the things that made him dangerous.",
    "Later, lying in her old room under two sleeping bags, {narr} listened to the wind work at the loose pane in the window, the same pane that had rattled when she was ten. She could hear {bro} moving around downstairs, opening and closing drawers. He was looking for something. She knew with a certainty that surprised her what it was: their mother's notebooks, the green ones she had written in every night of those three years and had never let either of them read. {narr} had taken them with her when she left the island the last time. They were in a box in her wardrobe on the mainland. She had never opened them either.",
    "In the morning the mist had lifted and the island was washed and bright, absurdly beautiful, as if it were trying to persuade her of something. {bro} was already up, standing at the kitchen window with a mug in his hand. 'There's a buyer,' he said without turning round. 'A couple from the city. They want to turn it into a holiday let. They'll pay more than it's worth.' He paused. 'They want an answer by Friday.' {narr} looked at the back of his neck, at the small scar there from the time he had fallen off the harbour wall, and she understood that he had known about the buyer for weeks, and that he had arranged the date of the signing so that she would have no time to think. He had indicated. Of course he had.",
]

NOVEL_CAST = [
    ("Ruth", "Ruthie", "Daniel", "Kerr", "Inchmore", "MacAulay"),
    ("Helen", "Nell", "Tom", "Ashby", "Skarra", "Flett"),
    ("Clare", "Clary", "Owen", "Pryce", "Holm", "Guthrie"),
    ("Anna", "Annie", "Michael", "Rennie", "Fara", "Linklater"),
]


def build_novel(rng):
    narr, short, bro, surname, island, neighbour = rng.choice(NOVEL_CAST)
    ctx = dict(
        narr=narr,
        narr_short=short,
        bro=bro,
        surname=surname,
        island=island,
        neighbour=neighbour,
        chap=rng.choice(["One", "Three", "Seven", "1"]),
    )
    paras = NOVEL_PARAS[:3] + subset(rng, NOVEL_PARAS[3:5], NOVEL_PARAS[5:7], 1) + NOVEL_PARAS[7:]
    return "\n\n".join(fill(p, ctx) for p in paras)


# --------------------------------------------------------------------------
# E. Engineering design doc (EN) - full of "def", "import", "class",
#    "function"; the task is still reading comprehension of a long document.
# --------------------------------------------------------------------------

DD_SECTIONS = [
    (
        "Summary",
        "This document proposes replacing the nightly cron-based billing batch ({old}) with an event-driven pipeline built on our existing message bus. Today, invoices for all {n_accounts} active accounts are computed in a single job that starts at 01:00 UTC and takes between {batch_lo} and {batch_hi} hours. When the job fails, which happened {fails} times in the last quarter, finance cannot close the day until an engineer re-runs it manually. The proposal moves usage aggregation to a streaming consumer, computes invoice lines incrementally, and keeps a much smaller nightly reconciliation job as a safety net.",
    ),
    (
        "Background",
        "The current job was written in 2017 as a single Python module, billing/nightly.py, that imports the account, plan and usage models directly from the monolith. The core of it is one function, def run_billing(date), which loops over every account, loads the day's usage events, applies the pricing rules and writes invoice lines. Over the years several features were added inside that loop: proration, multi-currency, discount codes, and the enterprise commitment logic. The module is now around 4,800 lines and has a test coverage of {cov}%.\n\n"
        "Three problems motivate this change. First, run time grows linearly with the number of accounts and is approaching the window before European business hours. Second, failures are all-or-nothing: an unexpected usage record for one account can abort the entire run. Third, the pricing rules are spread across the loop body and a class hierarchy (PricingRule and eleven subclasses) that nobody on the current team wrote, which makes changes slow and risky.",
    ),
    (
        "Goals and non-goals",
        "Goals: (1) invoice lines for a given day are available within {latency} minutes of the last usage event; (2) a failure for one account does not block others; (3) pricing rules live in a single, documented place with unit tests; (4) finance can see the status of every account's billing for a given day.\n\n"
        "Non-goals: changing how prices are defined or communicated to customers; migrating historical invoices; replacing the payment provider integration; supporting real-time invoices visible to customers (that may come later but is out of scope here).",
    ),
    (
        "Proposed design",
        "Usage events are already published to the bus on the topic usage.recorded. A new service, billing-aggregator, consumes that topic and maintains a running total per account, per metered dimension, per day in a Postgres table (usage_daily). The consumer is idempotent: each event carries a unique id and the aggregator records processed ids for seven days, so replays do not double count.\n\n"
        "When the aggregator observes that a day has closed for an account (no events for that account-day for {quiet} minutes after midnight in the account's billing timezone, or the explicit day.closed marker sent by the ingestion service), it emits a billing.day_ready event. A second service, invoice-writer, consumes billing.day_ready, loads the account's plan, applies the pricing rules and writes invoice lines. Pricing rules move into a new internal package, pricing, with a small public interface: a single function price_day(account, plan, usage) that returns a list of line items. The existing PricingRule subclasses are ported one by one behind this interface, with characterisation tests generated from the last ninety days of production invoices.\n\n"
        "A reconciliation job still runs nightly, but it only compares usage_daily against the raw events for a sample of accounts and against invoice lines for all accounts, and alerts on discrepancies rather than recomputing everything.",
    ),
    (
        "Data model changes",
        "New tables: usage_daily (account_id, dimension, day, quantity, updated_at), billing_day_status (account_id, day, state, attempts, last_error) and processed_events (event_id, processed_at). The invoice_lines table gains a source column (batch or stream) during the migration so that we can compare outputs. No existing columns are removed in this phase.",
    ),
    (
        "Migration plan",
        "Phase 1 ({p1_weeks} weeks): build the aggregator and run it in shadow mode, writing to usage_daily without affecting invoices. Compare its totals against the batch job every day and fix discrepancies.\n\n"
        "Phase 2 ({p2_weeks} weeks): extract the pricing package and port the rules. Run invoice-writer in shadow mode, writing lines with source = stream to a separate table, and diff them against the batch output. We will not proceed until the diff is empty for fourteen consecutive days, or every remaining difference is understood and signed off by finance.\n\n"
        "Phase 3 ({p3_weeks} weeks): switch over region by region, starting with the smallest (APAC). The batch job keeps running for switched regions but its output is discarded; we keep it for two full billing cycles as a fallback.\n\n"
        "Phase 4: delete the old job, the import of the monolith models from the billing module, and the PricingRule class hierarchy.",
    ),
    (
        "Alternatives considered",
        "Parallelising the existing batch job (sharding accounts across workers) would fix the run-time problem and is cheaper in the short term, roughly three weeks of work. It does not fix the all-or-nothing failure mode unless we also add per-account checkpointing, and it leaves the pricing logic untouched. We consider it a reasonable fallback if this proposal is not approved.\n\n"
        "Buying a third-party billing platform was evaluated last year. It was rejected because of the enterprise commitment logic, which none of the vendors supported without custom work, and because of data residency requirements for our German customers.",
    ),
    (
        "Risks",
        "The largest risk is behavioural drift in pricing: the existing code has undocumented edge cases (for example, accounts that changed plan twice on the same day) that the port may not reproduce. Shadow mode and characterisation tests are the main mitigation. A second risk is late-arriving usage: some integrations deliver events up to 36 hours late. The design handles this by re-opening an account-day and emitting a corrected invoice line, but finance needs to agree that corrections can appear after the day has closed. A third risk is operational: two new services means two more things to page on. We will reuse the standard service template so that dashboards and alerts exist from day one.",
    ),
    (
        "Open questions",
        "1. Does finance accept invoice corrections for late usage, or must a day be frozen after a fixed cut-off?\n2. Who owns the pricing package long-term: the billing team or the platform team?\n3. Should the reconciliation job page on-call or only open a ticket?\n4. Can we drop support for the two legacy plans that still use the deprecated 'tiered_v1' class, or must they be ported too?\n5. What is the retention period for processed_events if the bus retains messages for fourteen days?",
    ),
    (
        "Cost and staffing",
        "Estimated effort is {eng} engineers for about {months} months, plus part-time support from finance for validating diffs during phase 2. Infrastructure cost increases by roughly ${infra} per month for the two services and the additional database storage, partly offset by retiring the large instance the batch job runs on.",
    ),
]


def build_design_doc(rng):
    ctx = dict(
        old=rng.choice(["billing-nightly", "the invoicing cron", "job_billing_v2"]),
        n_accounts=money(rng.randint(18000, 140000)),
        batch_lo=rng.randint(2, 4),
        batch_hi=rng.randint(5, 8),
        fails=rng.randint(3, 9),
        cov=rng.randint(22, 48),
        latency=rng.choice([15, 30, 60]),
        quiet=rng.choice([30, 45, 60]),
        p1_weeks=rng.randint(3, 5),
        p2_weeks=rng.randint(5, 9),
        p3_weeks=rng.randint(3, 6),
        eng=rng.choice(["three", "four", "two"]),
        months=rng.choice(["four", "five", "six"]),
        infra=money(rng.choice([900, 1400, 2100, 2600])),
    )
    author = rng.choice(["Priya Natarajan", "Jonas Keller", "Maya Chen", "Tobi Adebayo"])
    head = (
        "RFC-%d: Event-driven billing pipeline\nAuthor: %s | Status: %s | Reviewers: %s\nLast updated: %s"
        % (
            rng.randint(140, 380),
            author,
            rng.choice(["Draft", "In review", "Open for comments"]),
            ", ".join(rng.sample(["finance-eng", "platform", "sre", "data-eng", "security"], 3)),
            rng.choice(["2024-03-12", "2024-09-30", "2025-01-21"]),
        )
    )
    secs = (
        DD_SECTIONS[:4]
        + subset(rng, DD_SECTIONS[5:6], [DD_SECTIONS[4], DD_SECTIONS[6]], 1)
        + DD_SECTIONS[7:]
    )
    order = {s[0]: i for i, s in enumerate(DD_SECTIONS)}
    secs.sort(key=lambda s: order[s[0]])
    return head + "\n\n" + "\n\n".join("## %s\n\n%s" % (h, fill(t, ctx)) for h, t in secs)


# --------------------------------------------------------------------------
# F. Production log with an incident (EN) - summarisation of a long log,
#    NOT a bug-fix request (contrast with the pasted-traceback code items).
# --------------------------------------------------------------------------

LOG_NORMAL = [
    "INFO  api-gateway     req_id={rid} method=GET path=/api/v1/products/{pid} status=200 latency_ms={lat}",
    "INFO  api-gateway     req_id={rid} method=POST path=/api/v1/cart/items status=201 latency_ms={lat}",
    "INFO  api-gateway     req_id={rid} method=GET path=/api/v1/search?q={term} status=200 latency_ms={lat}",
    "INFO  checkout-svc    order_created order_id={oid} items={n} total={amt} currency=EUR",
    "INFO  payments-svc    charge_succeeded order_id={oid} psp=adyenish amount={amt} latency_ms={plat}",
    "DEBUG inventory-svc   reserve sku={sku} qty={n} remaining={rem}",
    "INFO  redis-cache     stats hit_ratio=0.{hr} keys={keys} evicted=0",
    'INFO  search-svc      query_ok term="{term}" results={res} took_ms={lat}',
    "INFO  email-worker    sent template=order_confirmation order_id={oid}",
    "DEBUG session-svc     refresh user_id={uid} ttl=1800",
]

LOG_INCIDENTS = {
    "pool": dict(
        trigger="INFO  deploy-bot      rollout started service=payments-svc version=v2.14.0 replicas=6 initiated_by={who}",
        trigger_done="INFO  deploy-bot      rollout complete service=payments-svc version=v2.14.0 healthy=6/6",
        bad=[
            "WARN  payments-svc    db pool wait {ms}ms exceeds threshold (pool_size=20 in_use=20 waiting={w})",
            'ERROR payments-svc    charge_failed order_id={oid} error="TimeoutError: could not acquire connection from pool within 5000ms"',
            "ERROR checkout-svc    upstream payments-svc returned 503 req_id={rid} retry={r}/3",
            "WARN  api-gateway     req_id={rid} method=POST path=/api/v1/checkout status=504 latency_ms={blat}",
            "WARN  postgres-primary connections={conn}/500 idle_in_transaction={idle}",
            "ERROR checkout-svc    order_failed order_id={oid} reason=payment_unavailable",
        ],
        alert="WARN  alertmanager    FIRING CheckoutErrorRateHigh error_rate={er}% threshold=2% for=5m",
        breaker="ERROR checkout-svc    circuit_breaker state=OPEN target=payments-svc failures={f} window=60s",
        trace=[
            "ERROR payments-svc    unhandled exception in worker pid={pid}",
            "Traceback (most recent call last):",
            '  File "/app/payments/handlers.py", line 142, in charge',
            "    with db.connection() as conn:",
            '  File "/app/payments/db.py", line 88, in connection',
            "    conn = self._pool.getconn(timeout=5)",
            '  File "/usr/local/lib/python3.11/site-packages/pgpool/pool.py", line 211, in getconn',
            '    raise PoolTimeout("could not acquire connection from pool within 5000ms")',
            "pgpool.errors.PoolTimeout: could not acquire connection from pool within 5000ms",
        ],
        human="INFO  ops-chat        {who2}: payments v2.14.0 opens a connection per retry and never returns it on the refund path, rolling back",
        fix="INFO  deploy-bot      rollback started service=payments-svc to=v2.13.2 initiated_by={who2}",
        fix_done="INFO  deploy-bot      rollback complete service=payments-svc version=v2.13.2 healthy=6/6",
    ),
    "cert": dict(
        trigger='INFO  cert-manager    renewal skipped secret=psp-client-mtls reason="issuer rate limited" next_attempt=+24h',
        trigger_done="WARN  cert-manager    certificate psp-client-mtls expires in 0h12m",
        bad=[
            'ERROR payments-svc    charge_failed order_id={oid} error="SSLError: certificate has expired (mtls client cert)"',
            "ERROR payments-svc    psp handshake failed host=api.psp.example peer_reason=expired_certificate",
            "ERROR checkout-svc    upstream payments-svc returned 502 req_id={rid} retry={r}/3",
            "WARN  api-gateway     req_id={rid} method=POST path=/api/v1/checkout status=502 latency_ms={blat}",
            "ERROR checkout-svc    order_failed order_id={oid} reason=payment_declined_technical",
            "WARN  email-worker    queued template=payment_failed order_id={oid}",
        ],
        alert="WARN  alertmanager    FIRING PaymentSuccessRateLow success_rate={sr}% threshold=95% for=5m",
        breaker="ERROR checkout-svc    circuit_breaker state=OPEN target=payments-svc failures={f} window=60s",
        trace=[
            "ERROR payments-svc    psp client error detail",
            "Traceback (most recent call last):",
            '  File "/app/payments/psp_client.py", line 57, in post',
            "    resp = self.session.post(url, json=body, cert=self.cert_paths, timeout=8)",
            '  File "/usr/local/lib/python3.11/site-packages/requests/sessions.py", line 637, in post',
            '    return self.request("POST", url, data=data, json=json, **kwargs)',
            "requests.exceptions.SSLError: HTTPSConnectionPool(host='api.psp.example', port=443): Max retries exceeded (Caused by SSLError(\"certificate has expired\"))",
        ],
        human="INFO  ops-chat        {who2}: client mTLS cert for the PSP expired, cert-manager renewal was rate limited yesterday. issuing manually",
        fix="INFO  cert-manager    certificate psp-client-mtls issued manually by {who2} valid_until=+90d",
        fix_done="INFO  payments-svc    reloaded client certificate fingerprint=sha256:{fp}",
    ),
}

LOG_TERMS = [
    "running shoes",
    "usb-c cable",
    "yoga mat",
    "coffee grinder",
    "rain jacket",
    "desk lamp",
    "headphones",
    "kids backpack",
    "air fryer",
    "wool socks",
]
LOG_PEOPLE = ["mkowalski", "a.osei", "jlin", "tbauer", "r.silva", "nhughes"]


def build_log(rng, target_len):
    kind = rng.choice(sorted(LOG_INCIDENTS))
    inc = LOG_INCIDENTS[kind]
    who, who2 = rng.sample(LOG_PEOPLE, 2)
    hh, mm = rng.choice([13, 14, 19, 20]), rng.randint(0, 50)
    t = [(hh * 3600 + mm * 60) * 1000]
    date = rng.choice(["2024-11-29", "2025-02-14", "2024-06-03", "2025-03-21"])

    def ts():
        t[0] += rng.randint(5, 1800)
        s, ms = divmod(t[0], 1000)
        return "%sT%02d:%02d:%02d.%03dZ" % (date, s // 3600, (s // 60) % 60, s % 60, ms)

    def vals():
        return dict(
            rid="%08x" % rng.getrandbits(32),
            pid=rng.randint(1000, 99999),
            lat=rng.randint(8, 180),
            oid="ORD-%d" % rng.randint(4000000, 4999999),
            n=rng.randint(1, 5),
            amt="%.2f" % rng.uniform(9, 420),
            plat=rng.randint(150, 900),
            sku="SKU-%05d" % rng.randint(1, 40000),
            rem=rng.randint(0, 800),
            hr=rng.randint(90, 99),
            keys=rng.randint(180000, 260000),
            term=rng.choice(LOG_TERMS),
            res=rng.randint(0, 400),
            uid=rng.randint(10000, 999999),
            ms=rng.randint(1200, 5000),
            w=rng.randint(3, 140),
            r=rng.randint(1, 3),
            blat=rng.randint(5000, 30000),
            conn=rng.randint(430, 499),
            idle=rng.randint(60, 240),
            er=round(rng.uniform(4, 38), 1),
            sr=round(rng.uniform(12, 80), 1),
            f=rng.randint(20, 400),
            who=who,
            who2=who2,
            fp="%016x" % rng.getrandbits(64),
        )

    lines = []
    # phase lengths as fractions of the target
    budget = target_len
    phase = "normal1"
    bad_lines = 0
    # one-off events during the incident, keyed by how many incident-phase lines have passed
    events = {12: [inc["alert"]], 25: inc["trace"], 40: [inc["breaker"]], 60: [inc["human"]]}
    human_done = False
    while True:
        cur = sum(len(x) + 1 for x in lines)
        if phase == "normal1" and cur > budget * 0.35:
            lines.append(ts() + " " + fill(inc["trigger"], vals()))
            lines.append(ts() + " " + fill(inc["trigger_done"], vals()))
            phase = "bad"
        elif phase == "bad" and cur > budget * 0.75 and human_done:
            lines.append(ts() + " " + fill(inc["fix"], vals()))
            lines.append(ts() + " " + fill(inc["fix_done"], vals()))
            lines.append(
                ts() + " INFO  checkout-svc    circuit_breaker state=HALF_OPEN target=payments-svc"
            )
            lines.append(
                ts() + " INFO  checkout-svc    circuit_breaker state=CLOSED target=payments-svc"
            )
            lines.append(
                ts()
                + " INFO  alertmanager    RESOLVED "
                + inc["alert"].split("FIRING ")[1].split(" ")[0]
            )
            phase = "normal2"
        elif phase == "normal2" and cur > budget:
            break
        if phase in ("normal1", "normal2"):
            lines.append(ts() + " " + fill(rng.choice(LOG_NORMAL), vals()))
        else:
            bad_lines += 1
            if rng.random() < 0.55:
                lines.append(ts() + " " + fill(rng.choice(inc["bad"]), vals()))
            else:
                lines.append(ts() + " " + fill(rng.choice(LOG_NORMAL), vals()))
            event = events.get(bad_lines)
            if event:
                lines.append(ts() + " " + fill(event[0], vals()))
                lines.extend(event[1:])
                human_done = human_done or bad_lines == 60
    return "\n".join(lines)


# --------------------------------------------------------------------------
# G. App-store reviews dump (EN) - long pasted user feedback.
# --------------------------------------------------------------------------

RV_TITLES_POS = [
    "Life saver",
    "Best sleep app I've tried",
    "Worth every penny",
    "Finally a habit that stuck",
    "Calm and clean",
    "Love the narrators",
]
RV_TITLES_MID = [
    "Good but needs work",
    "Decent",
    "Almost perfect",
    "Mixed feelings",
    "3 stars for now",
]
RV_OPEN = [
    "I've been using this app for {n} months.",
    "Downloaded this after my therapist recommended it.",
    "Long time subscriber here.",
    "Started using it during a really stressful year at work.",
    "My partner and I both use it every night.",
    "Tried it on the free trial first.",
    "I rarely write reviews but here goes.",
    "Been a premium member since {year}.",
    "Switched from another meditation app last spring.",
    "",
]
RV_ISSUES = {
    "crash": [
        "Since the last update the app crashes every time I open the sleep section.",
        "It freezes on the loading screen and I have to force close it.",
        "Crashes halfway through a session, which kind of defeats the purpose.",
    ],
    "sync": [
        "My progress doesn't sync between my phone and iPad anymore.",
        "Downloaded sessions disappear when I'm offline, which is exactly when I need them on flights.",
        "The streak counter reset to zero even though I meditated every day.",
    ],
    "price": [
        "The yearly price went up from {old} to {new} with almost no warning.",
        "Too expensive for what it is now that half the content is recycled.",
        "The price hike was not communicated at all, I found out from my bank statement.",
    ],
    "cancel": [
        "Cancelling the subscription is deliberately hidden, it took me 20 minutes to find it.",
        "I cancelled and still got charged the next month.",
        "There's no way to cancel inside the app on Android.",
    ],
    "notif": [
        "Way too many notifications, even after I turned them off in settings.",
        "It nags me three times a day to 'keep my streak', it's the opposite of calming.",
    ],
    "audio": [
        "Audio cuts out with my bluetooth earbuds every few minutes.",
        "The volume of the background music is much louder than the voice and you can't change it.",
        "Sleep timer doesn't stop the audio, it just keeps playing.",
    ],
    "support": [
        "Emailed support twice about a billing issue, no reply after two weeks.",
        "Support sent me a canned answer that didn't address my problem.",
    ],
    "login": [
        "I keep getting logged out and then stuck in a login loop with Apple sign in.",
        "Password reset email never arrives.",
    ],
    "feature": [
        "Please add a dark mode for the whole app, not just the player.",
        "Would love the option to hide the social feed.",
        "Wish there was a widget that actually works on the home screen.",
    ],
}
RV_PRAISE = [
    "The sleep stories are genuinely the only thing that gets me to sleep.",
    "The narrators have such calming voices.",
    "Clean design, no clutter.",
    "The 10 minute morning sessions changed how I start my day.",
    "Breathing exercises helped me through panic attacks.",
    "Great variety of courses for beginners.",
    "Love that you can download sessions.",
    "The kids' bedtime section is a hit with my daughter.",
]
RV_CLOSE_NEG = [
    "Cancelled.",
    "Deleting for now.",
    "Fix it please!!",
    "Would give 0 stars if I could.",
    "Really disappointed.",
    "",
]
RV_CLOSE_MID = [
    "Please fix this and I'll go back to 5 stars.",
    "Still recommend it overall.",
    "Otherwise great.",
    "",
]
RV_CLOSE_POS = ["Thanks to the team!", "Highly recommend.", "Keep it up!", "", ""]
RV_THEME_TITLES = {
    "crash": ["Crashes after update", "Keeps freezing"],
    "sync": ["Why is sync broken again", "Lost my streak!!"],
    "price": ["Not worth the price anymore", "Price hike?!"],
    "cancel": ["Subscription trap", "Impossible to cancel"],
    "notif": ["So many notifications"],
    "audio": ["Audio keeps cutting out", "Sleep timer broken"],
    "support": ["Support never answers"],
    "login": ["Login loop"],
    "feature": ["Feature request", "Good but needs work"],
}
RV_USERS = [
    "sleepyhead{n}",
    "Maria_{n}",
    "jdubs{n}",
    "calm_seeker",
    "nightowl{n}",
    "Ana P.",
    "Tom from Leeds",
    "busy_mom_{n}",
    "k.r.{n}",
    "Dev{n}",
    "runner_girl",
    "throwaway{n}",
]


def build_reviews(rng, target_len):
    app = rng.choice(["Stillwater: Sleep & Meditation", "Breathe Easy", "Moonpath Sleep"])
    old, new = rng.choice([("$49.99", "$69.99"), ("$59.99", "$79.99"), ("£39.99", "£59.99")])
    out = [
        'Export: App Store + Google Play reviews for "%s" (last %d days)'
        % (app, rng.choice([30, 60, 90]))
    ]
    weights = {k: rng.uniform(0.5, 3.0) for k in RV_ISSUES}
    keys = sorted(RV_ISSUES)
    while sum(len(x) + 2 for x in out) < target_len:
        stars = rng.choices([1, 2, 3, 4, 5], weights=[30, 15, 12, 13, 30])[0]
        n = rng.randint(1, 999)
        parts = [
            fill(
                rng.choice(RV_OPEN),
                dict(n=rng.randint(2, 30), year=rng.choice([2019, 2020, 2021, 2022])),
            )
        ]
        if stars <= 3:
            themes = rng.choices(keys, weights=[weights[k] for k in keys], k=rng.randint(1, 2))
            for k in themes:
                sent = fill(rng.choice(RV_ISSUES[k]), dict(old=old, new=new))
                if sent not in parts:
                    parts.append(sent)
            if stars == 3:
                parts.append(rng.choice(RV_PRAISE))
                title = rng.choice(RV_TITLES_MID)
            else:
                title = rng.choice(RV_THEME_TITLES[themes[0]] + ["Used to love it"])
            parts.append(rng.choice(RV_CLOSE_MID if stars == 3 else RV_CLOSE_NEG))
        else:
            parts.extend(rng.sample(RV_PRAISE, rng.randint(1, 2)))
            if stars == 4:
                parts.append(
                    fill(
                        rng.choice(RV_ISSUES["feature"] + RV_ISSUES["price"]),
                        dict(old=old, new=new),
                    )
                )
            title = rng.choice(RV_TITLES_POS)
            parts.append(rng.choice(RV_CLOSE_POS))
        body = " ".join(p for p in parts if p)
        out.append(
            "%s  %s\n%s | %s | v%s | %s\n%s"
            % (
                "★" * stars + "☆" * (5 - stars),
                title,
                fill(rng.choice(RV_USERS), dict(n=n)),
                rng.choice(["iOS", "Android"]),
                rng.choice(["5.2.0", "5.2.1", "5.3.0", "5.1.4"]),
                "2025-%02d-%02d" % (rng.randint(1, 4), rng.randint(1, 28)),
                body,
            )
        )
    return "\n\n".join(out)


# --------------------------------------------------------------------------
# H. Employee handbook (EN) - "job function", "employee class", "import".
# --------------------------------------------------------------------------

HB_SECTIONS = [
    (
        "1. Welcome",
        "Welcome to {co}. This handbook explains how we work together, what you can expect from us and what we expect from you. It applies to all employees in {country} and replaces all previous versions. Where a local law or an individual employment contract gives you better terms, those terms apply. If anything here is unclear, ask your manager or the People team at people@{domain}.",
    ),
    (
        "2. Employment classifications",
        "Every employee is assigned to one of the following classes, which determine eligibility for certain benefits:\n- Class A: full-time permanent employees working {fte_hours} or more hours per week.\n- Class B: part-time permanent employees working at least 20 hours per week. Class B employees receive pro-rated leave and full health benefits.\n- Class C: fixed-term employees on contracts of six months or more. Class C employees are eligible for leave and pension but not for the annual bonus plan.\n- Class D: temporary and seasonal staff on contracts of less than six months.\nIn addition, roles are designated as exempt or non-exempt from overtime rules depending on their job function and salary level. Your offer letter states your class and overtime status; if your job function changes substantially, the People team will review your classification.",
    ),
    (
        "3. Working hours and flexible work",
        "Our core collaboration hours are {core} local time. Outside those hours you may organise your day as you see fit, provided your work gets done and your team knows how to reach you. Most roles are hybrid: we expect you in the office on {office_days} days per week, agreed with your team. Roles with an on-site job function, such as warehouse, facilities and reception, follow a published rota.\n\nWorking from another country: you may work from abroad for up to {abroad_days} working days in any rolling twelve-month period, subject to manager approval submitted at least two weeks in advance via the HR portal. Some countries are excluded for tax and data protection reasons; the current list is on the intranet. Working from abroad beyond this limit requires approval from the People team and Finance and may not be possible at all.",
    ),
    (
        "4. Paid time off",
        "Class A employees accrue paid time off according to the table below. Class B employees accrue the same entitlement pro-rated to their contracted hours. Time off accrues monthly and can be taken as soon as it has accrued. Up to {carry} unused days may be carried over into the next calendar year and must be used by {carry_deadline}; any remaining days are forfeited unless local law provides otherwise.\n\n{pto_table}\n\nPlease request time off at least two weeks in advance for absences of more than three days. During the last two weeks of December the office is closed and three days of your entitlement are automatically reserved for the closure.",
    ),
    (
        "5. Public holidays",
        "In addition to paid time off, the following public holidays are observed in {country}: {holidays}. If a public holiday falls on a weekend, the next working day is a holiday. If you are required to work on a public holiday, you will receive a replacement day.",
    ),
    (
        "6. Sick leave",
        "If you are unwell, tell your manager as early as possible on the first day of absence. You do not need a medical certificate for absences of up to {cert_days} consecutive working days. We pay full salary during sick leave for up to {sick_weeks} weeks in any twelve-month period, after which statutory sick pay applies. If you have a long-term condition, talk to the People team about reasonable adjustments; this conversation is confidential.",
    ),
    (
        "7. Parental leave",
        "Birth parents are entitled to {birth_weeks} weeks of fully paid leave. Non-birth parents, including adoptive and surrogate parents, are entitled to {other_weeks} weeks of fully paid leave, which can be taken in up to three blocks within the first year. To qualify for enhanced pay you must have completed {qual_months} months of service by the expected week of birth or placement; otherwise statutory pay applies. On return, you may request a phased return of up to four weeks at reduced hours on full pay.",
    ),
    (
        "8. Expenses",
        "We reimburse reasonable expenses incurred for business purposes, submitted with receipts within sixty days. Economy class is standard for flights under six hours; premium economy may be booked for longer flights with manager approval. Meals while travelling are reimbursed up to {meal} per day. Alcohol, personal entertainment, fines and first-class upgrades are not reimbursed.",
    ),
    (
        "9. Equipment and acceptable use",
        "You will receive a laptop and the accessories you need for your job function. Company equipment remains company property and must be returned when you leave. Do not install, import or run unlicensed software, browser extensions from unknown publishers, or tools that copy company data to personal storage. Use the password manager provided, enable multi-factor authentication on every work account, and report lost devices to the IT service desk immediately. Limited personal use of equipment is fine, provided it does not interfere with your work or breach this policy.",
    ),
    (
        "10. Code of conduct",
        "We expect everyone to treat colleagues, customers and partners with respect. Harassment, discrimination and bullying are not tolerated, whether in the office, at work events or online. Conflicts of interest, including outside employment with a competitor, customer or supplier, must be declared in writing. Gifts above a value of {gift} must be declared and may need to be returned. Concerns can be raised with your manager, the People team, or anonymously through the ethics line; retaliation against anyone who raises a concern in good faith is itself a serious disciplinary offence.",
    ),
    (
        "11. Performance and development",
        "Performance conversations happen twice a year, in {rev1} and {rev2}. Each conversation covers what went well, what could be better and your goals for the next period. Salary reviews take place once a year in {rev2}. Every Class A and Class B employee has an annual learning budget of {learn}, which can be used for courses, conferences, books or certifications relevant to their job function or career development.",
    ),
    (
        "12. Leaving the company",
        "If you decide to leave, please give notice in writing as set out in your contract (usually {notice} for most roles). You will be paid for any accrued but untaken time off. Before your last day, return all equipment, hand over your work and complete an exit interview if you are willing. References confirm dates of employment and job title only, unless you ask us to provide more.",
    ),
]


def build_handbook(rng):
    co, country, domain = rng.choice(
        [
            ("Fernhill Studios", "the United Kingdom", "fernhill.example"),
            ("Brightlane Commerce", "Ireland", "brightlane.example"),
            ("Tidewell Robotics", "the Netherlands", "tidewell.example"),
            ("Corvid Health", "Canada", "corvidhealth.example"),
        ]
    )
    base = rng.choice([20, 22, 25])
    rows = ["| Years of service | Days per year |", "|---|---|"]
    for i, yrs in enumerate(["0-1", "1-2", "2-3", "3-5", "5-8", "8+"]):
        rows.append("| %s | %d |" % (yrs, base + min(i, 5) * rng.choice([1, 1, 2])))
    hol = rng.sample(
        [
            "New Year's Day",
            "Good Friday",
            "Easter Monday",
            "Early May bank holiday",
            "Spring bank holiday",
            "Summer bank holiday",
            "Christmas Day",
            "Boxing Day",
            "King's Day",
            "Canada Day",
            "Labour Day",
            "Thanksgiving",
            "St Patrick's Day",
            "Ascension Day",
        ],
        8,
    )
    ctx = dict(
        co=co,
        country=country,
        domain=domain,
        fte_hours=rng.choice([35, 37.5, 40]),
        core=rng.choice(["10:00-15:00", "10:00-16:00", "9:30-15:30"]),
        office_days=rng.choice(["two", "three"]),
        abroad_days=rng.choice([20, 30, 45]),
        carry=rng.choice([3, 5, 10]),
        carry_deadline=rng.choice(["31 March", "30 June"]),
        pto_table="\n".join(rows),
        holidays=", ".join(hol),
        cert_days=rng.choice([3, 5, 7]),
        sick_weeks=rng.choice([4, 8, 12]),
        birth_weeks=rng.choice([16, 20, 26]),
        other_weeks=rng.choice([6, 10, 12, 16]),
        qual_months=rng.choice([3, 6, 12]),
        meal=rng.choice(["£45", "€50", "CA$75"]),
        gift=rng.choice(["£50", "€100", "CA$100"]),
        rev1=rng.choice(["March", "April"]),
        rev2=rng.choice(["September", "October"]),
        learn=rng.choice(["£1,000", "€1,500", "CA$2,000"]),
        notice=rng.choice(["one month", "four weeks", "two months"]),
    )
    secs = (
        HB_SECTIONS[:4]
        + subset(rng, HB_SECTIONS[5:7], [HB_SECTIONS[4], *HB_SECTIONS[7:11]], 4)
        + HB_SECTIONS[11:]
    )
    order = {s[0]: i for i, s in enumerate(HB_SECTIONS)}
    secs.sort(key=lambda s: order[s[0]])
    return "%s Employee Handbook (%s edition)\n\n" % (
        co,
        rng.choice(["2024", "2025"]),
    ) + "\n\n".join("%s\n\n%s" % (h, fill(t, ctx)) for h, t in secs)


# --------------------------------------------------------------------------
# I. City council meeting minutes (EN) - agenda items + public comment.
# --------------------------------------------------------------------------

CC_MEMBERS = [
    "Mayor Linda Ostrowski",
    "Councilmember Raúl Medina",
    "Councilmember Grace Whitaker",
    "Councilmember Samuel Achebe",
    "Councilmember Joan Pelletier",
    "Councilmember Victor Huang",
    "Councilmember Tessa Lindgren",
]
CC_PUBLIC_PRO = [
    "{name}, a resident of {street}, spoke in favour of the protected bike lanes. She said her children bike to school and that two near-misses at the {cross} intersection this year had frightened the whole neighbourhood.",
    "{name}, owner of a bakery on {street}, said she initially opposed the project but changed her mind after seeing sales data from a similar corridor in a neighbouring city, where foot traffic increased after bike lanes were installed.",
    "{name}, representing the county cycling coalition, presented a petition with {sig} signatures supporting the plan and urged the council to fund the full corridor rather than a pilot segment.",
    "{name}, a nurse at the regional hospital, said many night-shift workers cannot afford cars and rely on bikes and buses, and asked the council to prioritise lighting along the route.",
    "{name} said he is a retired traffic engineer and that the proposed design meets current state guidelines; he recommended adding a leading pedestrian interval at signalised crossings.",
]
CC_PUBLIC_CON = [
    "{name}, who owns a hardware store on {street}, opposed the removal of {parking} on-street parking spaces, saying most of his customers are contractors who need to load heavy materials directly in front of the store.",
    "{name}, a resident of the senior housing complex near {cross}, expressed concern that older residents with limited mobility depend on curbside drop-off and asked how paratransit vans would stop.",
    "{name} questioned the cost estimate of ${cost} and asked why the money was not being spent on repaving residential streets, which he described as being in worse condition.",
    "{name} said she supports cycling in principle but felt the community outreach had been inadequate, noting that the only public workshop was held on a weekday afternoon.",
    "{name}, speaking for the {street} Business Association, requested that construction be scheduled to avoid the holiday shopping season and that the city provide temporary signage for affected businesses.",
]
CC_NAMES = [
    "Dolores Fitch",
    "Kwame Boateng",
    "Sarah Lindqvist",
    "Peter Okonkwo",
    "Maya Goldberg",
    "Henry Vu",
    "Rita Alvarez",
    "George Papadakis",
    "Leah Brennan",
    "Ahmed Karimi",
    "Nora Sullivan",
    "Luis Ortega",
    "Beth Carrington",
    "Ian MacLeod",
]


def build_council(rng):
    city = rng.choice(["Millbrook", "Cedar Falls", "Port Ashton", "Riverside Heights"])
    street, cross = rng.choice(
        [
            ("Elm Avenue", "Elm and 5th"),
            ("Harbor Street", "Harbor and Grant"),
            ("Main Street", "Main and Oak"),
            ("Lincoln Boulevard", "Lincoln and 12th"),
        ]
    )
    cost = money(rng.choice([1800000, 2400000, 3100000, 950000]))
    parking = rng.randint(24, 61)
    members = CC_MEMBERS[:]
    absent = rng.choice(members[1:])
    present = [m for m in members if m != absent]
    out = [
        "CITY OF %s\nREGULAR MEETING OF THE CITY COUNCIL\nMINUTES\n%s, 6:00 p.m., Council Chambers, City Hall"
        % (
            city.upper(),
            rng.choice(
                ["Tuesday, March 11, 2025", "Monday, October 7, 2024", "Tuesday, June 3, 2025"]
            ),
        ),
        "1. CALL TO ORDER AND ROLL CALL\n\nThe meeting was called to order by Mayor Ostrowski at 6:02 p.m. Present: %s. Absent: %s (excused). Also present: City Manager Alan Reyes, City Attorney Michelle Grant, Public Works Director Farah Siddiqui and City Clerk Dennis Yoon."
        % ("; ".join(present), absent),
        "2. PLEDGE OF ALLEGIANCE AND LAND ACKNOWLEDGEMENT\n\nCouncilmember Whitaker led the Pledge of Allegiance. The land acknowledgement was read by Councilmember Achebe.",
        "3. APPROVAL OF THE AGENDA\n\nCouncilmember Pelletier moved to approve the agenda with item 9 moved before item 8 at the request of staff. Seconded by Councilmember Huang. Motion carried unanimously (%d-0)."
        % len(present),
        "4. CONSENT CALENDAR\n\n4.1 Minutes of the regular meeting of the previous month.\n4.2 Warrant register in the amount of $%s.\n4.3 Award of contract for janitorial services at the municipal library to %s in an amount not to exceed $%s per year.\n4.4 Acceptance of a state grant of $%s for wildfire fuel reduction in the eastern open space.\n\nCouncilmember Medina requested that item 4.3 be pulled for separate discussion. The remaining items were approved on a motion by Councilmember Lindgren, seconded by Councilmember Huang, carried %d-0.\n\nOn item 4.3, Councilmember Medina asked whether the contractor pays prevailing wages. The City Manager confirmed that the contract requires it and that compliance is audited annually. Councilmember Medina moved to approve item 4.3; seconded by Councilmember Pelletier; carried %d-0."
        % (
            money(rng.randint(1200000, 4800000)),
            rng.choice(["Brightway Facility Services", "CleanCore LLC"]),
            money(rng.randint(140000, 260000)),
            money(rng.randint(250000, 900000)),
            len(present),
            len(present),
        ),
        "5. PUBLIC COMMENT ON NON-AGENDA ITEMS\n\n%s raised concerns about speeding on residential streets near the middle school. %s thanked the parks department for the restoration of the community garden. %s asked the council to consider extending library hours on weekends."
        % tuple(rng.sample(CC_NAMES, 3)),
    ]
    staff = (
        "6. PUBLIC HEARING: %s COMPLETE STREETS PROJECT\n\nPublic Works Director Siddiqui presented the staff report. The project would install protected bike lanes on both sides of %s between the rail station and the high school, a distance of %.1f miles, together with upgraded crosswalks, new street lighting and bus boarding islands at four stops. The design requires removal of %d of the %d on-street parking spaces on the corridor; staff proposes converting two side-street blocks to angled parking to recover about half of them. Total estimated cost is $%s, of which $%s would come from a regional transportation grant and the remainder from the city's capital improvement fund. Staff recommends approval of the full corridor with construction in two phases, the first beginning in spring.\n\nIn response to questions from Councilmember Whitaker, the Director stated that collision data for the last five years show %d injury collisions on the corridor, %d of them involving cyclists or pedestrians, and that the %s intersection has the highest count. In response to Councilmember Huang, she said that loading zones would be provided on each block and that paratransit vehicles would be able to use the bus boarding islands."
        % (
            street.upper(),
            street,
            rng.uniform(1.1, 2.8),
            parking,
            parking + rng.randint(80, 200),
            cost,
            money(rng.randint(600000, 900000)),
            rng.randint(18, 44),
            rng.randint(6, 17),
            cross,
        )
    )
    out.append(staff)
    comments = rng.sample(CC_PUBLIC_PRO, rng.randint(3, 5)) + rng.sample(
        CC_PUBLIC_CON, rng.randint(3, 5)
    )
    rng.shuffle(comments)
    names = rng.sample(CC_NAMES, len(comments))
    out.append(
        "Mayor Ostrowski opened the public hearing at %s p.m.\n\n"
        % rng.choice(["6:41", "6:47", "6:52"])
        + "\n\n".join(
            fill(
                c,
                dict(
                    name=n,
                    street=street,
                    cross=cross,
                    sig=rng.randint(300, 1900),
                    parking=parking,
                    cost=cost,
                ),
            )
            for c, n in zip(comments, names, strict=True)
        )
        + "\n\nThere being no further speakers, the Mayor closed the public hearing."
    )
    yes = rng.randint(len(present) - 3, len(present))
    out.append(
        "Council discussion: Councilmember Achebe said the safety data was persuasive and that the city had a responsibility to act before a fatality. Councilmember Pelletier said she supported the project but wanted stronger commitments to affected businesses. Councilmember Huang expressed concern about the cost and asked whether the first phase could be treated as a pilot with a formal evaluation before committing to phase two.\n\n"
        "MOTION: Councilmember Achebe moved to approve the project as recommended by staff, with the amendment that staff return within six months of completion of phase one with an evaluation of safety outcomes, business impacts and parking utilisation, and that construction on the commercial blocks be suspended between November 15 and January 5. Seconded by Councilmember Whitaker. Motion %s (%d-%d)."
        % ("carried" if yes > len(present) / 2 else "failed", yes, len(present) - yes)
    )
    out.append(
        "7. FY BUDGET AMENDMENT No. %d\n\nFinance Director Kim Tran presented a mid-year budget amendment increasing general fund appropriations by $%s, primarily for overtime in the fire department during the summer fire season and for higher than expected insurance premiums. Revenues are projected to exceed budget by $%s due to stronger sales tax receipts. Councilmember Lindgren asked about the reserve level after the amendment; the Director stated it would remain at %d%% of operating expenditures, above the policy minimum of 15%%. Moved by Councilmember Lindgren, seconded by Councilmember Medina, carried %d-0."
        % (
            rng.randint(2, 4),
            money(rng.randint(400000, 1400000)),
            money(rng.randint(300000, 1600000)),
            rng.randint(17, 24),
            len(present),
        )
    )
    out.append(
        "8. ZONING VARIANCE - %d %s\n\nThe applicant requested a variance to allow a rear setback of 10 feet instead of the required 20 feet for an accessory dwelling unit. The Planning Commission recommended approval with conditions. One neighbour spoke against the application, citing loss of privacy; the applicant agreed to plant a screening hedge. Moved by Councilmember Pelletier, seconded by Councilmember Achebe, approved with the additional condition, carried %d-1, Councilmember Huang voting no."
        % (
            rng.randint(100, 2400),
            rng.choice(["Birch Lane", "Summit Drive", "Poplar Court"]),
            len(present) - 1,
        )
    )
    if rng.random() < 0.7:
        out.append(
            "9. LIBRARY HOURS PILOT\n\nLibrary Director Ana Beltrán reported on the six-month pilot extending Sunday hours at the main branch. Sunday visits averaged %d per day, with the largest use by families and students. The cost of the pilot was $%s. Staff recommends making the hours permanent and evaluating a similar change at the east branch. Moved by Councilmember Medina, seconded by Councilmember Whitaker, carried %d-0."
            % (rng.randint(240, 620), money(rng.randint(38000, 76000)), len(present))
        )
    out.append(
        "10. COUNCIL AND STAFF REPORTS\n\nThe City Manager reported that the water main replacement on Ridge Road is two weeks ahead of schedule and that the annual community survey will be mailed next month. Councilmember Whitaker reported on the regional housing authority meeting. Councilmember Lindgren announced a town hall on wildfire preparedness.\n\n11. ADJOURNMENT\n\nThere being no further business, the meeting was adjourned at %s p.m.\n\nRespectfully submitted,\nDennis Yoon, City Clerk"
        % rng.choice(["9:14", "9:38", "10:02"])
    )
    return "\n\n".join(out)


# --------------------------------------------------------------------------
# J. 房屋租赁合同 (ZH) - clauses + generated inventory and payment schedule.
# --------------------------------------------------------------------------

ZH_LEASE_CLAUSES = [
    "第一条 房屋基本情况\n甲方将其合法拥有的位于{city}{district}{addr}的房屋（以下简称“该房屋”）出租给乙方使用。该房屋建筑面积为{area}平方米，户型为{layout}，房屋所有权证/不动产权证号为{cert}。甲方保证对该房屋享有完整的出租权利，该房屋不存在查封、抵押权人不同意出租等影响乙方正常使用的情形；如因甲方权利瑕疵导致乙方无法继续使用，甲方应承担由此给乙方造成的全部损失。",
    "第二条 租赁用途\n乙方承诺该房屋仅用于居住，居住人数不超过{people}人。未经甲方书面同意，乙方不得改变房屋用途，不得将房屋用于经营、群租、存放易燃易爆物品或从事任何违法活动。乙方应遵守所在小区的物业管理规定，因乙方违反上述规定被物业或有关部门处罚的，由乙方自行承担责任。",
    "第三条 租赁期限\n租赁期限自{start}起至{end}止，共计{months}个月。租赁期满，甲方有权收回该房屋，乙方应如期归还。乙方如需继续承租，应于租赁期满前{renew_days}日向甲方书面提出，经甲方同意后重新签订租赁合同。同等条件下，乙方享有优先承租权。",
    "第四条 租金及支付方式\n该房屋月租金为人民币{rent}元（大写：{rent_cn}），租金按{pay_cycle}支付，乙方应于每期开始前{pay_before}日内将当期租金支付至甲方指定账户。租赁期内，除双方另有书面约定外，甲方不得单方面提高租金。乙方逾期支付租金的，每逾期一日，应按当期应付租金的{late}向甲方支付违约金；逾期超过十五日的，甲方有权解除本合同，并要求乙方承担相应的违约责任。",
    "第五条 押金\n本合同签订时，乙方应向甲方支付押金人民币{deposit}元。租赁期满或合同解除后，乙方结清全部租金、水电燃气费、物业费等费用，并按约定将房屋及附属设施完好交还甲方（正常损耗除外）后，甲方应在{refund_days}个工作日内将押金无息退还乙方。如乙方存在欠费或损坏房屋设施的情形，甲方可从押金中扣除相应费用，但应向乙方出具书面扣款明细。",
    "第六条 相关费用的承担\n租赁期内，与该房屋有关的下列费用由乙方承担：水费、电费、燃气费、网络费、有线电视费以及{prop_fee_payer}。房屋的房产税、租赁相关税费由{tax_payer}承担。供暖费由{heat_payer}承担。乙方应按时缴纳上述费用，并在退租时提供缴费凭证。",
    "第七条 房屋维修与保养\n甲方应保证该房屋及附属设施在交付时处于安全、可正常使用的状态。租赁期内，房屋主体结构、上下水管道、电路等因自然老化或非乙方原因发生损坏的，由甲方负责维修并承担费用；甲方接到乙方通知后应在{repair_days}日内进行维修，逾期不维修的，乙方可自行维修，费用由甲方承担，乙方可凭票据从租金中抵扣。因乙方使用不当或人为原因造成房屋及设施损坏的，由乙方负责修复或赔偿。",
    "第八条 装修与改造\n未经甲方书面同意，乙方不得拆改房屋结构，不得对房屋进行装修或增设、改动附属设施。经甲方同意进行的简单装饰（如张贴墙纸、安装置物架等），乙方在退租时应恢复原状，或经甲方同意后保留且不要求甲方补偿。",
    "第九条 转租\n未经甲方书面同意，乙方不得将该房屋全部或部分转租、转借给他人。乙方擅自转租的，甲方有权解除合同，没收押金，并要求乙方赔偿因此造成的损失。",
    "第十条 合同的解除\n有下列情形之一的，甲方有权单方解除合同：（一）乙方逾期支付租金超过十五日的；（二）乙方擅自改变房屋用途、转租或拆改房屋结构的；（三）乙方利用该房屋从事违法活动的。有下列情形之一的，乙方有权单方解除合同：（一）甲方迟延交付房屋超过十日的；（二）交付的房屋严重不符合约定或危及乙方安全、健康的；（三）甲方不履行维修义务致使乙方无法正常居住的。",
    "第十一条 提前退租\n租赁期内，任何一方提前解除合同的，应提前{notice_days}日书面通知对方。乙方提前退租的，押金不予退还；甲方提前收回房屋的，除退还押金外，还应向乙方支付相当于{penalty_months}个月租金的违约金。因房屋征收、拆迁等不可归责于双方的原因导致合同无法继续履行的，双方互不承担违约责任，甲方应按实际居住天数退还多收的租金和全部押金。",
    "第十二条 房屋的交还\n租赁期满或合同解除之日，乙方应将房屋及附件一所列设施完好交还甲方，并结清应由其承担的各项费用。乙方逾期不搬离的，甲方有权按日租金的两倍收取房屋占用费；乙方留在房屋内的物品，经甲方书面通知后七日内仍未搬走的，视为乙方放弃，甲方可自行处理。",
    "第十三条 通知与送达\n双方确认本合同首部所列联系方式及该房屋地址为各自的有效送达地址，一方按上述地址或通过双方约定的微信、短信、电子邮件等方式发出的通知，自发出之日起视为送达。任何一方变更联系方式的，应在变更后三日内书面通知对方，否则由此造成的不利后果由变更方自行承担。",
    "第十四条 不可抗力\n因地震、火灾、洪水等不可抗力或政府征收、重大公共卫生事件等不能预见、不能避免且不能克服的客观情况，导致本合同部分或全部不能履行的，遭受不可抗力的一方应及时通知对方，并在合理期限内提供相关证明，双方根据不可抗力的影响程度部分或全部免除责任。因不可抗力导致乙方无法正常使用房屋的期间，乙方无需支付该期间的租金。",
    "第十五条 个人信息保护\n双方因签订和履行本合同而获知的对方身份证号码、联系方式、银行账户等个人信息，仅可用于本合同的签订和履行，不得向第三方披露或用于其他目的，法律法规另有规定或经对方同意的除外。",
    "第十六条 争议解决\n本合同履行过程中发生争议的，双方应协商解决；协商不成的，任何一方均可向该房屋所在地人民法院提起诉讼。",
    "第十七条 其他\n本合同自双方签字（盖章）之日起生效。本合同一式{copies}份，甲乙双方各执一份，具有同等法律效力。本合同未尽事宜，双方可另行签订补充协议，补充协议与本合同具有同等法律效力。附件一《房屋附属设施及物品清单》、附件二《租金支付明细》为本合同不可分割的组成部分。",
]
ZH_ITEMS = [
    ("空调", "格力", "台"),
    ("冰箱", "海尔", "台"),
    ("洗衣机", "小天鹅", "台"),
    ("热水器", "美的", "台"),
    ("燃气灶", "方太", "台"),
    ("抽油烟机", "老板", "台"),
    ("电视", "小米", "台"),
    ("双人床", "—", "张"),
    ("床垫", "喜临门", "张"),
    ("衣柜", "—", "个"),
    ("沙发", "—", "套"),
    ("餐桌", "—", "张"),
    ("餐椅", "—", "把"),
    ("书桌", "—", "张"),
    ("窗帘", "—", "套"),
    ("微波炉", "格兰仕", "台"),
    ("路由器", "华为", "个"),
    ("门禁卡", "—", "张"),
    ("房门钥匙", "—", "把"),
    ("信箱钥匙", "—", "把"),
    ("鞋柜", "—", "个"),
    ("晾衣架", "—", "套"),
]
ZH_CONDITIONS = ["完好", "完好", "完好", "九成新", "八成新", "轻微划痕", "使用正常", "遥控器一个"]
CN_NUM = "零壹贰叁肆伍陆柒捌玖"


def cn_amount(n):
    units = ["", "拾", "佰", "仟", "万"]
    s = str(n)
    out = ""
    for i, ch in enumerate(s):
        d = int(ch)
        pos = len(s) - i - 1
        if d:
            out += CN_NUM[d] + units[pos]
        elif not out.endswith("零") and pos > 0:
            out += "零"
    return out.rstrip("零") + "元整"


ZH_LEASE_PROPERTY_RULES = (
    "附件四：小区物业管理须知（摘要）\n"
    "1. 装修及搬家须提前两个工作日到物业服务中心登记，搬家时间为每日8:00-18:00，大件物品须使用货梯并做好电梯轿厢保护，损坏公共设施的由责任人赔偿。\n"
    "2. 生活垃圾实行分类投放，湿垃圾、干垃圾、可回收物和有害垃圾须分别投放至指定垃圾房，定时定点投放时间为每日7:00-9:00、18:00-20:00。大件垃圾和装修垃圾须预约清运，费用由业主或使用人承担。\n"
    "3. 电动自行车严禁进入楼道和电梯，严禁在室内充电，须停放在小区指定的集中充电车棚内。违反规定的，物业有权劝阻并报告相关部门。\n"
    "4. 访客车辆凭业主或住户邀请登记进入，临时停车前两小时免费，超出部分按每小时5元收费，单日最高40元。月租车位须另行与物业签订停车服务协议。\n"
    "5. 饲养犬只须依法办理养犬登记并按时免疫，出户须束犬链并及时清理粪便，不得在公共区域放任犬只吠叫扰民。\n"
    "6. 每日22:00至次日7:00为休息时间，住户应避免产生噪音；室内装修施工时间为工作日8:30-12:00、14:00-18:00，节假日不得进行产生噪音的施工。\n"
    "7. 不得在阳台外侧、窗台悬挂或摆放易坠落物品，不得高空抛物。发现公共设施损坏、漏水、电梯故障等情况，请及时拨打物业服务热线报修，物业承诺接报后30分钟内到场处理紧急维修事项。\n"
    "8. 小区消防通道、楼道及疏散楼梯严禁堆放杂物，严禁占用消防通道停车。物业每季度组织一次消防检查，请住户予以配合。"
)
ZH_BROKER = (
    "房屋租赁居间服务合同\n\n委托方（承租方）：{tenant}\n居间方：{agency}\n\n"
    "第一条 居间事项：居间方接受委托方委托，为委托方提供{city}{district}{addr}房屋的租赁居间服务，包括提供房源信息、带看房屋、协助双方洽谈租赁条件、协助签订房屋租赁合同及办理入住交接等。\n"
    "第二条 居间服务费：租赁合同签订后，委托方应向居间方支付居间服务费人民币{fee}元。居间服务费一经支付，除因居间方故意隐瞒房屋重要情况或提供虚假信息导致租赁合同无法履行外，不予退还。\n"
    "第三条 居间方义务：居间方应如实向委托方报告房屋的权属状况、抵押情况、租金及费用构成等重要信息，核验出租方身份证明及房屋权属证明，不得隐瞒或提供虚假信息。居间方在租赁期内应协助委托方处理与出租方之间的一般性沟通事宜。\n"
    "第四条 委托方义务：委托方应如实提供身份信息，不得绕开居间方与居间方介绍的出租方私下成交；否则，委托方仍应向居间方支付全额居间服务费。\n"
    "第五条 免责事项：租赁期内因出租方或承租方自身原因产生的纠纷，由租赁双方依据租赁合同自行解决，居间方不承担连带责任，但居间方存在过错的除外。\n"
    "第六条 争议解决：本合同履行过程中发生争议，双方协商解决；协商不成的，可向居间方所在地人民法院起诉。\n"
    "委托方（签字）：{tenant}    居间方（盖章）：{agency}    经办人：{agent}"
)
ZH_LEASE_ROOMS = [
    ("客厅", ["墙面", "地板", "吊顶灯", "开关插座", "窗户及纱窗", "入户门及门锁"]),
    ("主卧", ["墙面", "木地板", "衣柜门", "窗帘轨道", "空调遥控器"]),
    ("次卧", ["墙面", "地板", "书桌抽屉", "窗户把手"]),
    ("厨房", ["橱柜", "水槽及龙头", "燃气管道", "排风", "台面"]),
    ("卫生间", ["马桶", "淋浴花洒", "地漏", "镜柜", "浴霸"]),
    ("阳台", ["晾衣架", "地砖", "洗衣机龙头", "推拉门"]),
]
ZH_LEASE_STATES = [
    "完好",
    "完好",
    "完好",
    "完好",
    "有轻微划痕",
    "略有污渍，已告知",
    "使用正常",
    "需更换灯泡（甲方负责）",
    "有一处小裂缝，非乙方造成",
]


def zh_lease_end(y, m, months):
    ey, em = y + months // 12, m - 1
    if em == 0:
        ey, em = ey - 1, 12
    last = [31, 29 if ey % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][em - 1]
    return "%d年%d月%d日" % (ey, em, last)


def build_zh_lease(rng):
    city, district, addr = rng.choice(
        [
            ("上海市", "闵行区", "莘庄镇春申路188弄12号802室"),
            ("北京市", "朝阳区", "望京西园三区305号楼1单元1502室"),
            ("深圳市", "南山区", "科技园南区高新南七道9号B座1203室"),
            ("杭州市", "西湖区", "文三路478号华星小区6幢2单元601室"),
        ]
    )
    rent = rng.choice([4200, 5500, 6800, 7600, 9200])
    months = rng.choice([12, 24])
    y, m = rng.choice([(2024, 3), (2024, 9), (2025, 1), (2025, 6)])
    ctx = dict(
        city=city,
        district=district,
        addr=addr,
        area=rng.choice([58.6, 72.3, 89.15, 96.4]),
        layout=rng.choice(["一室一厅一卫", "两室一厅一卫", "三室两厅两卫"]),
        cert="不动产权第%07d号（%d年登记）" % (rng.randint(1, 9999999), rng.randint(2012, 2022)),
        people=rng.choice([2, 3, 4]),
        start="%d年%d月1日" % (y, m),
        end=zh_lease_end(y, m, months),
        months=months,
        renew_days=rng.choice([30, 60]),
        rent=rent,
        rent_cn=cn_amount(rent),
        pay_cycle="月" if months == 12 or rng.random() < 0.6 else "季度",
        pay_before=rng.choice([5, 7, 10]),
        late=rng.choice(["0.5%", "1%", "0.3%"]),
        deposit=rent * rng.choice([1, 2]),
        refund_days=rng.choice([3, 7, 15]),
        prop_fee_payer=rng.choice(["物业管理费", "停车费"]),
        tax_payer=rng.choice(["甲方", "乙方"]),
        heat_payer=rng.choice(["甲方", "乙方"]),
        repair_days=rng.choice([3, 5, 7]),
        notice_days=rng.choice([30, 60]),
        penalty_months=rng.choice([1, 2]),
        copies=rng.choice(["两", "三"]),
    )
    landlord, tenant = rng.sample(
        ["王建国", "李秀英", "张明", "刘芳", "陈志强", "杨丽", "赵海涛", "孙倩"], 2
    )
    head = (
        "房屋租赁合同\n\n出租方（甲方）：%s    身份证号：%s\n承租方（乙方）：%s    身份证号：%s\n\n"
        "根据《中华人民共和国民法典》及相关法律法规的规定，甲乙双方在平等、自愿、公平、诚实信用的基础上，就乙方承租甲方房屋事宜协商一致，订立本合同，以资共同遵守。"
        % (
            landlord,
            "3101%014d" % rng.randint(0, 10**14 - 1),
            tenant,
            "3301%014d" % rng.randint(0, 10**14 - 1),
        )
    )
    clauses = ZH_LEASE_CLAUSES[:]
    items = rng.sample(ZH_ITEMS, rng.randint(15, len(ZH_ITEMS)))
    inv = ["附件一：房屋附属设施及物品清单", "序号 | 名称 | 品牌/型号 | 数量 | 交付状况 | 备注"]
    for i, (nm, br, unit) in enumerate(items, 1):
        inv.append(
            "%d | %s | %s | %d%s | %s | %s"
            % (
                i,
                nm,
                br,
                rng.choice([1, 1, 1, 2, 4]) if unit != "把" else rng.choice([2, 3, 4]),
                unit,
                rng.choice(ZH_CONDITIONS),
                rng.choice(["", "", "随房附赠", "乙方退租时需清洁", "如损坏照价赔偿"]),
            )
        )
    inv.append(
        "水表读数：%d 吨；电表读数：%d 度（峰 %d / 谷 %d）；燃气表读数：%d 立方米。以上读数经双方现场确认。"
        % (
            rng.randint(100, 900),
            rng.randint(2000, 9000),
            rng.randint(1000, 5000),
            rng.randint(500, 3000),
            rng.randint(100, 800),
        )
    )
    cyc = {"季度": 3, "月": 1, "半年": 6}[ctx["pay_cycle"]]
    pay = ["附件二：租金支付明细", "期数 | 租期起止 | 应付金额（元） | 最迟付款日 | 支付方式"]
    yy, mm = y, m
    for k in range(months // cyc):
        ey, em = yy, mm + cyc - 1
        while em > 12:
            em -= 12
            ey += 1
        due_m, due_y = (mm - 1, yy) if mm > 1 else (12, yy - 1)
        pay.append(
            "第%d期 | %d年%d月1日—%d年%d月末 | %s | %d年%d月%d日 | 银行转账"
            % (k + 1, yy, mm, ey, em, money(rent * cyc), due_y, due_m, 30 - ctx["pay_before"])
        )
        mm += cyc
        while mm > 12:
            mm -= 12
            yy += 1
    extra = (
        "附件三：补充条款\n1. 乙方可在阳台饲养小型宠物一只，但应保证不影响邻居正常生活，因宠物造成的房屋或家具损坏由乙方照价赔偿。\n"
        "2. 甲方同意乙方在次卧安装一台独立空调，费用由乙方承担，退租时乙方可拆走，但应修补墙面孔洞。\n"
        "3. 租赁期内如甲方出售该房屋，应提前三个月通知乙方，乙方在同等条件下享有优先购买权；房屋出售不影响本合同的继续履行。\n"
        "4. 双方确认中介服务费由%s承担，金额为人民币%s元，已于签约当日支付完毕。"
        % (rng.choice(["甲方", "乙方", "甲乙双方各半"]), money(rent // 2))
    )
    sig = "甲方（签字）：%s        乙方（签字）：%s\n签订日期：%d年%d月%d日        签订地点：%s" % (
        landlord,
        tenant,
        y,
        m - 1 if m > 1 else 12,
        rng.randint(10, 28),
        city,
    )
    hand = ["附件五：房屋交接确认单（入住时）"]
    for room, parts in ZH_LEASE_ROOMS:
        hand.append(
            "%s：%s" % (room, "；".join("%s%s" % (pt, rng.choice(ZH_LEASE_STATES)) for pt in parts))
        )
    hand.append(
        "以上情况经甲乙双方现场逐项核对确认，并拍照留存（照片共%d张，双方各留一份电子版）。乙方退租时，房屋及设施应与本交接单记载状况一致，正常使用造成的自然损耗除外。"
        % rng.randint(24, 60)
    )
    hand.append(
        "紧急联系人：甲方%s，电话：1%010d；乙方%s，电话：1%010d。"
        % (
            rng.choice(["配偶", "子女", "委托代理人"]),
            rng.randint(3 * 10**9, 9 * 10**9),
            rng.choice(["父亲", "母亲", "同事", "朋友"]),
            rng.randint(3 * 10**9, 9 * 10**9),
        )
    )
    return "\n\n".join(
        [head]
        + [fill(c, ctx) for c in clauses]
        + [
            sig,
            "\n".join(inv),
            "\n".join(pay),
            extra,
            ZH_LEASE_PROPERTY_RULES,
            "\n".join(hand),
            fill(
                ZH_BROKER,
                dict(
                    ctx,
                    tenant=tenant,
                    agency=rng.choice(
                        [
                            "链安房地产经纪有限公司",
                            "我爱居房产中介服务部",
                            "安居客栈置业顾问有限公司",
                        ]
                    ),
                    fee=money(rent // 2),
                    agent=rng.choice(["小刘", "王经理", "陈顾问"]),
                ),
            ),
        ]
    )


# --------------------------------------------------------------------------
# K. 产品评审会录音转写 (ZH) - generated speaker turns.
# --------------------------------------------------------------------------

ZH_MEET_PEOPLE = [
    ("张伟", "产品负责人"),
    ("李娜", "研发经理"),
    ("王磊", "后端开发"),
    ("刘洋", "前端开发"),
    ("陈静", "测试负责人"),
    ("赵敏", "运营"),
    ("周杰", "设计"),
    ("孙悦", "数据分析"),
]
ZH_MEET_TEMPLATES = [
    "我先同步一下{feat}的进度，目前开发完成了大概{pct}%，剩下的主要是{part}，预计{date}能提测。",
    "{feat}这块我们上周做了灰度，覆盖了{pct}%的用户，目前看转化率比对照组高了{delta}个点，但样本量还不太够。",
    "我这边有个风险要提一下，{part}依赖的第三方接口最近经常超时，上周有{n}次超过三秒，如果不加降级方案，上线以后可能会影响下单。",
    "测试这边，{feat}目前提了{n}个bug，其中严重级别的有{m}个，主要集中在{part}，开发这两天在修。",
    "我觉得{feat}的优先级可以往后放一放，现在大家的精力还是应该放在{feat2}上，毕竟这是老板定的季度目标。",
    "数据上看，{feat2}上线以后日活涨了{delta}%，但是次日留存反而掉了一点，我怀疑是新用户的引导页太长了。",
    "设计稿我周五已经发群里了，{part}那里改了两版，大家有意见可以今天提，不然下周一就定稿了。",
    "这个我不太同意，{part}如果现在不重构，后面加需求只会越来越难，我建议至少给两周时间。",
    "两周肯定不行，{date}之前必须上线，渠道那边已经排好了推广资源，延期的话费用也退不回来。",
    "那能不能先上一个简化版？{part}先用原来的逻辑，等{date}之后再排重构。",
    "可以，但是得有人把技术债记下来，不然又没人管了。上次{feat2}就是这样拖了半年。",
    "运营这边需要提前一周拿到{feat}的说明文档和截图，要准备推送文案和活动页。",
    "用户反馈里最近关于{part}的投诉比较多，上周客服那边统计了一下有{n}条，主要是说找不到入口。",
    "埋点方案我昨天更新了，{feat}一共加了{n}个事件，前端同学记得按新的文档来，字段名不要自己改。",
    "我补充一下，安卓低版本上{part}有兼容问题，我们统计大概影响{pct}%的用户，要不要直接不支持了？",
    "低版本用户里付费用户的比例其实不低，直接放弃不太合适，建议做个降级提示。",
    "好，这个我来跟老板沟通一下预期。大家先按{date}上线准备，如果有变化我再同步。",
    "服务器这边，{feat}上线预计会带来{pct}%左右的流量增长，现在的容量应该够，但是数据库连接数要盯一下。",
    "上次压测的结果是峰值QPS大概{n}，我们按两倍预留，问题不大。",
    "我想问一下，{feat2}的A/B实验什么时候能出结论？我们要根据结果决定要不要全量。",
    "按现在的流量，大概还需要{m}天才能达到统计显著，我建议不要提前看结果做决定。",
    "那就这样，{feat2}先不动，等实验结论。{feat}按计划推进。",
    "还有一个事情，隐私合规那边说{part}收集的字段太多了，要求我们删掉两个，不然过不了审核。",
    "删哪两个？如果把设备型号删了，我们的崩溃分析就没法做了。",
    "这个我回头拉个小会跟法务对一下，今天先不展开。",
    "客服那边希望在{part}加一个一键反馈的按钮，工作量大概多少？",
    "前端半天，后端要加一个接口，一天左右，可以放在这个迭代里。",
    "我有个问题，这个版本的发版窗口是周二还是周四？上次周四发版，周末出了问题都没人处理。",
    "以后统一周二发版，周四只做紧急修复，这个之前已经定过了。",
    "我看了一下竞品，他们的{feat}是直接放在首页的，我们是不是也可以考虑调整一下入口？",
    "首页的位置现在很紧张，每个坑位都有KPI，要调整的话得拿数据说话。",
    "可以先在{part}做一个小流量实验，看一下点击率再决定。",
    "这周的线上事故复盘文档我已经写好了，根因是配置错误，改进措施是加了配置变更的审批。",
    "@{person} 那个工单你跟进一下，用户说付款成功了但是订单状态没变，已经第三次了。",
    "收到，我下午查一下日志，应该是回调重试的问题。",
    "关于{feat}的定价，运营建议首月打{disc}折，我觉得可以，但是要设置好结束时间，不然后面很难涨回去。",
    "预算方面，这个季度市场费用还剩{n}万，{feat}的推广最多只能用一半。",
    "好的，我这边先按这个出一个排期表，今天下班前发群里。",
    "那今天主要就这些，还有没有其他问题？",
    "没有了。",
    "我这边也没有。",
]
ZH_FEATS = [
    "会员自动续费",
    "新人引导",
    "搜索联想",
    "智能推荐",
    "积分商城",
    "直播带货入口",
    "订单分享",
    "夜间模式",
    "多账号切换",
    "优惠券中心",
]
ZH_PARTS = [
    "支付回调",
    "购物车页面",
    "个人中心",
    "消息通知",
    "登录注册流程",
    "订单详情页",
    "商品详情页",
    "首页信息流",
    "地址管理",
    "客服入口",
]


def build_zh_meeting(rng, n_meetings):
    """Several consecutive weekly review meetings (one transcript each)."""
    people = rng.sample(ZH_MEET_PEOPLE, rng.randint(5, 7))
    version = rng.choice(["V3.8", "V4.2", "2025Q2", "双十一"])
    month, day = rng.choice([(9, 2), (3, 3), (5, 5), (10, 14)])
    out = []
    feats = rng.sample(ZH_FEATS, n_meetings + 1)
    for k in range(n_meetings):
        d = day + 7 * k
        out.append(
            _zh_meeting_one(
                rng,
                people,
                version,
                feats[k],
                feats[k + 1],
                "%d月%d日" % (month + (d - 1) // 28, (d - 1) % 28 + 1),
                k + 1,
            )
        )
    return "\n\n".join(out)


def _zh_meeting_one(rng, people, version, feat, feat2, day_str, no):
    n_turns = rng.randint(28, len(ZH_MEET_TEMPLATES))
    date = rng.choice(["下周三", "月底", "15号", "20号", "下个迭代开始"])
    attendees = rng.sample(people, rng.randint(4, len(people)))
    head = (
        "【第%d次周会】会议主题：%s版本需求评审及上线排期\n会议时间：%s %s\n参会人：%s\n记录方式：录音自动转写（未校对）\n"
        % (
            no,
            version,
            day_str,
            rng.choice(["14:00-15:30", "10:00-11:20", "16:00-17:45"]),
            "、".join("%s（%s）" % p for p in attendees),
        )
    )
    people = attendees
    prev = None
    lines = []
    sec = rng.randint(10, 40)
    idx = sorted(rng.sample(range(len(ZH_MEET_TEMPLATES) - 3), n_turns - 3)) + list(
        range(len(ZH_MEET_TEMPLATES) - 3, len(ZH_MEET_TEMPLATES))
    )
    for tpl in [ZH_MEET_TEMPLATES[i] for i in idx]:
        sp = rng.choice([p for p in people if p != prev])
        prev = sp
        ctx = dict(
            feat=rng.choice([feat, feat, feat2]),
            feat2=feat2,
            part=rng.choice(ZH_PARTS),
            pct=rng.randint(5, 90),
            delta=rng.choice([0.8, 1.5, 2.3, 3, 4.6]),
            n=rng.randint(3, 60)
            if "QPS" not in tpl and "万" not in tpl
            else (rng.randint(2, 9) * 1000 if "QPS" in tpl else rng.randint(20, 120)),
            m=rng.randint(2, 14),
            date=date,
            person=rng.choice(people)[0],
            disc=rng.choice(["五", "七", "八"]),
        )
        lines.append(
            "%02d:%02d:%02d %s：%s"
            % (sec // 3600, (sec // 60) % 60, sec % 60, sp[0], fill(tpl, ctx))
        )
        sec += rng.randint(8, 70)
    return head + "\n" + "\n".join(lines)


# --------------------------------------------------------------------------
# L. 电商商品评价导出 (ZH) - generated product reviews.
# --------------------------------------------------------------------------

ZH_RV_OPEN = [
    "用了{n}天来评价一下。",
    "双十一买的，",
    "第二台了，给爸妈买的。",
    "纠结了很久才下单，",
    "朋友推荐买的，",
    "",
    "",
    "刚收到就迫不及待试了一下，",
    "追评：",
    "之前用的是别的牌子，",
]
ZH_RV_ISSUES = {
    "噪音": ["吸力开到最大的时候噪音很大，晚上根本没法用。", "声音比宣传的大多了，像吹风机一样。"],
    "建图": [
        "地图经常丢失，每次都要重新建图，很烦。",
        "明明设置了禁区，它还是往卫生间里钻。",
        "建图的时候把沙发底下漏掉了。",
    ],
    "回充": ["经常找不到充电座，最后停在客厅中间没电了。", "回充要转好几圈才能对准。"],
    "拖地": [
        "拖地有水渍，木地板上留下一道一道的印子。",
        "拖布洗不干净，用一周就有味道了。",
        "拖地基本就是湿抹布划一下，重污渍完全拖不掉。",
    ],
    "APP": [
        "APP连不上家里的WiFi，试了五六次才成功。",
        "APP经常显示离线，远程控制形同虚设。",
        "固件升级以后APP闪退。",
    ],
    "边角": ["边角清洁不到位，墙角的灰还得自己扫。", "毛发容易缠在滚刷上，养猫的要注意。"],
    "客服": ["联系客服说48小时内回复，结果等了一周。", "售后让我自己拍视频证明故障，流程太麻烦。"],
    "续航": ["续航一般，一百平的房子要中途回去充一次电。"],
    "物流": ["物流很慢，等了五天才到。", "外包装破了一个角，好在机器没事。"],
}
ZH_RV_GOOD = [
    "吸力很强，地毯上的头发都能吸起来。",
    "避障做得不错，拖鞋和数据线都能绕开。",
    "颜值很高，放在客厅也不突兀。",
    "解放双手，下班回家地面干干净净。",
    "自动集尘很方便，一个月才倒一次。",
    "性价比高，比线下便宜了三百多。",
    "安装很简单，开箱即用。",
    "物流很快，隔天就到了。",
]
ZH_RV_CLOSE_NEG = ["已申请退货。", "差评！", "不推荐。", "后悔买了。", ""]
ZH_RV_CLOSE_MID = ["总体还行。", "希望厂家能通过升级解决。", "凑合用吧。", "就这样吧。", ""]
ZH_RV_CLOSE_POS = ["推荐购买！", "会回购。", "满意！", "", ""]


def build_zh_reviews(rng, target_len):
    prod = rng.choice(
        ["星澜S7 扫拖一体机器人", "云鲸风格 X9 自动洗拖布扫地机", "小净 T20 Pro 扫地机器人"]
    )
    out = [
        "【%s】商品评价导出 共%d条 导出时间：%s"
        % (prod, rng.randint(300, 2000), rng.choice(["2024-12-02", "2025-04-18"]))
    ]
    keys = sorted(ZH_RV_ISSUES)
    w = {k: rng.uniform(0.4, 3) for k in keys}
    while sum(len(x) + 2 for x in out) < target_len:
        stars = rng.choices([1, 2, 3, 4, 5], weights=[18, 10, 14, 20, 38])[0]
        parts = [fill(rng.choice(ZH_RV_OPEN), dict(n=rng.randint(3, 90)))]
        if stars <= 3:
            for k in rng.choices(keys, weights=[w[k] for k in keys], k=rng.randint(1, 3)):
                sent = rng.choice(ZH_RV_ISSUES[k])
                if sent not in parts:
                    parts.append(sent)
            if stars == 3:
                parts.append(rng.choice(ZH_RV_GOOD))
        else:
            parts.extend(rng.sample(ZH_RV_GOOD, rng.randint(1, 3)))
            if stars == 4:
                parts.append(rng.choice(ZH_RV_ISSUES[rng.choice(keys)]))
        parts.append(
            rng.choice(
                ZH_RV_CLOSE_NEG
                if stars <= 2
                else ZH_RV_CLOSE_MID
                if stars == 3
                else ZH_RV_CLOSE_POS
            )
        )
        user = rng.choice(
            [
                "j***8",
                "小***鱼",
                "t***n",
                "爱***家",
                "匿名用户",
                "w***1",
                "阳***光",
                "m***o",
                "李***",
                "吃***货",
            ]
        )
        out.append(
            "%s %s  %s  颜色分类：%s\n%s"
            % (
                "★" * stars,
                user,
                "2024-%02d-%02d" % (rng.randint(6, 11), rng.randint(1, 28)),
                rng.choice(["星空灰", "云朵白", "标准版", "Pro版"]),
                "".join(p for p in parts if p),
            )
        )
    return "\n\n".join(out)


# --------------------------------------------------------------------------
# M. 行业研究报告 (ZH) - written overview + generated company sections.
# --------------------------------------------------------------------------

ZH_REPORT_INTRO = [
    "一、核心观点\n\n储能是新型电力系统的关键环节。随着风电、光伏装机规模持续扩大，新能源出力的间歇性和波动性对电网调节能力提出了更高要求，储能从“可选项”逐渐变为“必选项”。我们认为，{year}年国内新型储能新增装机有望达到{new_gw}GW，同比增长约{growth}%，其中电化学储能仍将占据绝对主导地位。短期来看，产业链价格下行压缩了部分环节的盈利空间；中长期来看，成本下降将打开工商业储能和海外户储的需求空间，具备技术、渠道和品牌优势的企业有望穿越周期。",
    "二、行业背景\n\n过去三年，国内储能行业经历了从政策驱动向市场驱动的转变。早期的装机主要来自新能源配储要求，即新建风电、光伏项目按一定比例配置储能，但由于缺乏合理的收益机制，大量配储项目利用率偏低，出现了“建而不用”的现象。随着各地陆续出台独立储能参与电力现货市场、容量租赁和辅助服务的规则，储能项目的收益来源逐步多元化，项目经济性开始改善。与此同时，峰谷电价差的拉大也带动了工商业用户侧储能的快速发展，在浙江、广东、江苏等地区，部分项目的静态投资回收期已缩短至六年以内。",
    "三、产业链价格\n\n上游碳酸锂价格自高点回落超过八成，带动储能电芯价格大幅下降。{year_prev}年初，主流280Ah磷酸铁锂储能电芯报价约为0.9元/Wh，到年底已降至{cell_price}元/Wh左右；储能系统中标均价相应下降至{sys_price}元/Wh。价格快速下行一方面刺激了下游需求，另一方面也导致二三线电芯厂商产能利用率不足，行业出清加速。我们预计未来一到两年电芯价格将在低位企稳，竞争焦点将从价格转向循环寿命、安全性和系统集成能力。",
    "四、商业模式\n\n当前储能项目主要有四类商业模式：一是新能源配储，由新能源开发商投资建设，成本计入新能源项目整体投资，收益依赖于减少弃电和满足并网要求；二是独立储能，由独立投资主体建设运营，通过容量租赁、现货交易和辅助服务获取收益；三是工商业用户侧储能，通常采用合同能源管理模式，由能源服务公司投资，与用电企业按约定比例分享峰谷价差收益；四是户用储能，主要面向海外家庭用户，与屋顶光伏搭配销售。不同模式对产品性能、成本和渠道能力的要求差异较大，企业需要根据自身优势选择重点市场。",
    "五、需求拆分\n\n（一）大型储能。发电侧和电网侧储能仍是装机的主要来源，占比约{utility_share}%。独立储能电站在山东、宁夏、湖南等省份加速落地，收益主要来自容量租赁、现货价差和调频辅助服务。\n（二）工商业储能。受益于分时电价政策优化，工商业储能在{year_prev}年实现了翻倍以上增长，项目规模以1-5MWh为主，投资主体包括用电企业自身、能源服务公司以及部分地方国资平台。\n（三）海外市场。美国大储需求保持旺盛，欧洲户储经历去库存后逐步恢复，中东、澳大利亚、南美等新兴市场开始放量。国内企业在海外市场的份额持续提升，但也面临贸易壁垒和本地化生产要求的挑战。",
]
ZH_POLICIES = [
    "《关于加快推动新型储能发展的指导意见》明确了新型储能装机目标和市场主体地位。",
    "《新型储能项目管理规范》对项目备案、建设、并网和运行提出了统一要求。",
    "多个省份出台独立储能参与电力现货市场的交易细则，允许储能以独立主体身份报量报价。",
    "部分地区对新能源配储比例作出调整，由“一刀切”转向按需配置。",
    "分时电价机制进一步完善，多地拉大峰谷价差并增设尖峰时段。",
    "储能电站安全管理相关标准陆续发布，对消防、热失控预警等提出更高要求。",
    "容量电价机制开始试点，为储能提供相对稳定的收益来源。",
    "海外方面，美国通胀削减法案对本土制造的储能产品提供税收抵免，对进口产品形成一定压力。",
]
ZH_COMPANIES = [
    "宁川储能科技",
    "华拓新能源",
    "远景智储",
    "固德电气",
    "盛弘能源",
    "海辰动力",
    "南都电源科技",
    "阳明储能",
]
ZH_COMPANY_TPL = (
    "{name}：公司主营{biz}，{year_prev}年实现营业收入{rev}亿元，同比{yoy}，归母净利润{np}亿元。储能业务收入占比约{share}%，"
    "出货量约{ship}GWh，其中海外收入占比{overseas}%。公司{strength}。我们预计公司{year}年-{year2}年归母净利润分别为{p1}亿元、{p2}亿元，对应市盈率{pe1}倍、{pe2}倍，{rating}。"
    "风险点在于{risk}。"
)
ZH_BIZ = [
    "储能电芯及系统集成",
    "储能变流器（PCS）及逆变器",
    "储能系统集成和EPC总包",
    "户用储能系统",
    "工商业储能一体机",
    "储能温控设备",
]
ZH_STRENGTH = [
    "在大容量电芯方面具备先发优势，314Ah电芯已实现量产",
    "海外渠道布局较早，在欧洲和澳洲拥有成熟的分销网络",
    "与多家发电集团建立了长期合作关系，在手订单充足",
    "自研BMS和EMS系统，具备较强的系统集成能力",
    "在工商业储能细分领域市场份额领先，品牌认知度较高",
    "成本控制能力突出，毛利率高于行业平均水平",
]
ZH_RISK = [
    "原材料价格大幅波动",
    "海外贸易政策变化",
    "行业竞争加剧导致价格战",
    "应收账款回款不及预期",
    "新产品放量不及预期",
    "储能安全事故对行业的负面影响",
]


ZH_REPORT_TECH = (
    "技术路线\n\n从技术路线看，磷酸铁锂电池凭借成本、安全性和循环寿命方面的综合优势，仍是当前电化学储能的绝对主流，市场占比超过九成。电芯容量正从280Ah向314Ah、500Ah以上迭代，单体容量提升可以减少系统中的电芯数量和连接件，降低集成成本，但对热管理和一致性控制提出了更高要求。"
    "钠离子电池在低温性能和资源可得性方面具备优势，但能量密度和产业链成熟度仍有差距，短期内更多用于示范项目。液流电池，尤其是全钒液流电池，具有本征安全、寿命长、容量可独立扩展等特点，适合四小时以上的长时储能场景，但初始投资较高。压缩空气储能和重力储能等物理储能技术单体规模大、寿命长，在部分地区已有百兆瓦级项目落地，其经济性高度依赖选址条件。"
    "我们认为，随着电力系统对长时储能需求的增加，多技术路线并存将成为长期格局，但在未来三到五年内，锂电储能仍将贡献绝大部分新增装机。"
)
ZH_REPORT_CHAIN = (
    "产业链结构\n\n储能产业链上游主要包括锂、钴、石墨等原材料以及正负极材料、电解液、隔膜等电池材料；中游为电芯、电池管理系统（BMS）、储能变流器（PCS）、能量管理系统（EMS）、温控和消防设备等核心部件，以及负责系统设计与集成的集成商；下游为发电侧、电网侧和用户侧的业主方，以及提供运营服务的能源服务公司。"
    "从成本结构看，电池系统约占储能系统总成本的六成，PCS约占一成到一成半，其余为温控、消防、土建及安装等。从盈利能力看，电芯环节受原材料价格和产能利用率影响最大，毛利率波动明显；PCS和温控环节技术壁垒较高、竞争格局相对稳定，毛利率维持在较高水平；系统集成环节进入门槛相对较低，参与者众多，竞争最为激烈，但具备品牌、渠道和项目经验的头部集成商仍能获得合理回报。"
)
ZH_REPORT_GLOSSARY = (
    "附录：常用术语\n\nGWh/MWh：储能容量单位，表示可储存的电量。\nGW/MW：储能功率单位，表示最大充放电功率。\n充放电倍率：功率与容量之比，如0.5C表示两小时充满或放完。\n循环寿命：电池容量衰减到初始容量80%前可完成的充放电次数。\n"
    "配储：新能源项目按一定比例配置储能的要求。\n独立储能：以独立市场主体身份参与电力市场交易的储能电站。\n容量租赁：新能源企业向独立储能电站租赁容量以满足配储要求。\n峰谷价差：高峰时段与低谷时段电价的差额，是用户侧储能收益的主要来源。\n"
    "辅助服务：为维持电力系统安全稳定运行提供的调频、调峰、备用等服务。\nPCS：储能变流器，负责电池直流电与电网交流电之间的转换。\nEMS：能量管理系统，负责储能电站的调度和优化运行。"
)
ZH_REPORT_REGIONS = [
    (
        "美国",
        "大型储能需求旺盛，主要受光伏配套和电网调峰驱动；本土制造补贴政策对进口产品形成一定压力，部分中国企业通过在东南亚或美国本土建厂应对。",
    ),
    (
        "欧洲",
        "户用储能经历了高库存和需求回落后逐步企稳，大型储能项目开始在英国、德国、意大利等国加速推进，电力市场化程度高，收益模式清晰。",
    ),
    (
        "中东",
        "沙特、阿联酋等国大型光伏加储能项目招标规模大、单体项目动辄数吉瓦时，对价格敏感，中国企业凭借成本优势中标比例较高。",
    ),
    (
        "澳大利亚",
        "电网侧储能和户用储能并行发展，州政府补贴推动户储渗透率提升，调频辅助服务市场为大型储能提供了较好的收益。",
    ),
    (
        "拉丁美洲",
        "智利、巴西等国新能源占比快速提升，弃光问题催生储能需求，但项目融资和汇率风险需要关注。",
    ),
    ("东南亚", "电网基础设施相对薄弱，工商业和微电网储能需求初现，市场规模尚小但增速较快。"),
]
ZH_REPORT_IRR = (
    "收益测算\n\n以一个100MW/200MWh的独立储能电站为例，假设系统单位投资{capex}元/Wh，项目总投资约{total}亿元。收益来源包括：容量租赁收入，按每年{lease}元/kWh计算；电力现货市场峰谷价差套利，假设每年有效充放电{cycles}次、平均价差{spread}元/kWh；以及调频辅助服务收入。"
    "扣除运维成本、电池衰减和财务费用后，我们测算项目全投资内部收益率约为{irr}%，资本金内部收益率约为{eq_irr}%。敏感性分析显示，项目收益对容量租赁价格和峰谷价差最为敏感，系统投资成本每下降0.1元/Wh，全投资内部收益率约提升1.2个百分点。"
)


def build_zh_report(rng):
    year = rng.choice([2024, 2025])
    ctx = dict(
        year=year,
        year_prev=year - 1,
        year2=year + 1,
        new_gw=rng.choice([38, 45, 52, 60]),
        growth=rng.choice([35, 48, 62]),
        cell_price=rng.choice(["0.35", "0.40", "0.45"]),
        sys_price=rng.choice(["0.62", "0.70", "0.78"]),
        utility_share=rng.choice([70, 75, 82]),
    )
    title = (
        "储能行业深度报告：%s\n\n%s证券研究所  分析师：%s  执业证书编号：S%010d\n报告日期：%d年%d月%d日\n投资评级：%s"
        % (
            rng.choice(
                [
                    "成本下行打开需求空间，龙头穿越周期",
                    "从政策驱动到市场驱动，工商业储能迎来拐点",
                    "出海与降本双轮驱动，行业进入新阶段",
                ]
            ),
            rng.choice(["华信", "东方明远", "国泰安和"]),
            rng.choice(["周立", "许婧", "高远"]),
            rng.randint(0, 10**10 - 1),
            year,
            rng.randint(1, 6),
            rng.randint(1, 28),
            rng.choice(["推荐（维持）", "增持（首次）", "看好（维持）"]),
        )
    )
    parts = [title] + [fill(p, ctx) for p in ZH_REPORT_INTRO]
    parts.append(
        "六、政策梳理\n\n"
        + "\n".join(
            "%d. %s" % (i, p)
            for i, p in enumerate(rng.sample(ZH_POLICIES, rng.randint(5, len(ZH_POLICIES))), 1)
        )
    )
    rows = ["表1：国内新型储能装机规模及预测（GW）", "年份 | 新增装机 | 累计装机 | 同比增速"]
    cum = rng.uniform(8, 14)
    for yy in range(year - 4, year + 3):
        add = round(cum * rng.uniform(0.6, 1.3), 1)
        cum = round(cum + add, 1)
        rows.append(
            "%d%s | %.1f | %.1f | %d%%"
            % (yy, "E" if yy >= year else "", add, cum, rng.randint(30, 180))
        )
    parts.append("\n".join(rows))
    comps = []
    for name in rng.sample(ZH_COMPANIES, len(ZH_COMPANIES)):
        rev = round(rng.uniform(20, 400), 1)
        np1 = round(rev * rng.uniform(0.03, 0.12), 2)
        comps.append(
            fill(
                ZH_COMPANY_TPL,
                dict(
                    ctx,
                    name=name,
                    biz=rng.choice(ZH_BIZ),
                    rev=rev,
                    yoy=rng.choice(
                        ["增长%d%%" % rng.randint(5, 80), "下降%d%%" % rng.randint(3, 30)]
                    ),
                    np=np1,
                    share=rng.randint(30, 95),
                    ship=round(rng.uniform(1, 40), 1),
                    overseas=rng.randint(10, 70),
                    strength=rng.choice(ZH_STRENGTH),
                    p1=round(np1 * rng.uniform(1.0, 1.4), 2),
                    p2=round(np1 * rng.uniform(1.4, 1.9), 2),
                    pe1=rng.randint(12, 35),
                    pe2=rng.randint(9, 25),
                    rating=rng.choice(["维持“买入”评级", "给予“增持”评级", "维持“推荐”评级"]),
                    risk=rng.choice(ZH_RISK),
                ),
            )
        )
    prov = [
        "表3：%d年主要省份新型储能新增装机（MW）及主要应用模式" % (year - 1),
        "省份 | 新增装机 | 同比 | 主要模式",
    ]
    for pv, mode in rng.sample(
        [
            ("山东", "独立储能、现货套利"),
            ("内蒙古", "新能源配储"),
            ("新疆", "新能源配储、共享储能"),
            ("宁夏", "共享储能、容量租赁"),
            ("甘肃", "新能源配储"),
            ("湖南", "独立储能、调峰辅助服务"),
            ("江苏", "工商业储能、电网侧"),
            ("浙江", "工商业储能"),
            ("广东", "工商业储能、调频"),
            ("河北", "新能源配储、独立储能"),
            ("青海", "共享储能"),
            ("云南", "电网侧储能"),
        ],
        rng.randint(9, 12),
    ):
        prov.append(
            "%s | %d | %+d%% | %s" % (pv, rng.randint(300, 6000), rng.randint(-20, 220), mode)
        )
    parts.append(
        "\n".join(prov)
        + "\n\n竞争格局方面，储能系统集成市场集中度仍然偏低，前十家企业合计份额不足六成，且排名变化较快。发电集团下属企业凭借项目资源在国内大储招标中占据一定优势，而具备海外认证和渠道的民营企业在出口市场更具竞争力。我们判断，随着招标规则从“最低价中标”逐步转向综合评分，以及业主对项目全生命周期收益和安全性的重视程度提高，行业将从价格竞争转向质量和服务竞争，头部企业的份额有望进一步提升。"
    )
    parts.append(ZH_REPORT_CHAIN)
    parts.append("七、" + ZH_REPORT_TECH)
    parts.append(
        "海外市场\n\n"
        + "\n".join(
            "%s：%s" % r
            for r in rng.sample(ZH_REPORT_REGIONS, rng.randint(4, len(ZH_REPORT_REGIONS)))
        )
    )
    capex = rng.choice([0.7, 0.8, 0.9, 1.0])
    parts.append(
        fill(
            ZH_REPORT_IRR,
            dict(
                capex=capex,
                total=round(capex * 2, 2),
                lease=rng.choice([150, 180, 200, 240]),
                cycles=rng.choice([300, 330, 360]),
                spread=rng.choice([0.45, 0.55, 0.6, 0.7]),
                irr=round(rng.uniform(5.5, 9.5), 1),
                eq_irr=round(rng.uniform(8, 15), 1),
            ),
        )
    )
    comps = [c for c in comps]
    val = [
        "表2：重点公司盈利预测与估值",
        "公司 | 总市值（亿元） | %dE归母净利润（亿元） | %dE归母净利润（亿元） | %dE PE | %dE PE | 评级"
        % (year, year + 1, year, year + 1),
    ]
    for name in rng.sample(ZH_COMPANIES, 6):
        p1 = round(rng.uniform(1, 40), 2)
        val.append(
            "%s | %d | %.2f | %.2f | %d | %d | %s"
            % (
                name,
                rng.randint(80, 2500),
                p1,
                p1 * rng.uniform(1.1, 1.6),
                rng.randint(10, 40),
                rng.randint(8, 30),
                rng.choice(["买入", "增持", "推荐", "未评级"]),
            )
        )
    parts.append("八、重点公司分析\n\n" + "\n\n".join(comps))
    parts.append("\n".join(val))
    parts.append(
        "九、投资建议\n\n我们建议关注三条主线：一是具备全球化渠道和品牌优势的系统集成商，有望受益于海外大储和户储需求恢复；二是在大容量电芯和长循环寿命方面具备技术领先优势的电芯企业；三是在工商业储能细分领域具备产品和渠道优势的企业。\n\n十、风险提示\n\n1. 新能源装机不及预期，导致配储需求下降；\n2. 电力市场化改革推进缓慢，储能收益机制难以落地；\n3. 原材料价格大幅反弹，挤压中下游利润；\n4. 海外贸易摩擦加剧，出口受限；\n5. 行业产能过剩，价格竞争超预期；\n6. 储能电站安全事故引发监管趋严。\n\n免责声明：本报告仅供本公司客户使用，不构成任何投资建议。市场有风险，投资需谨慎。"
    )
    parts.append(ZH_REPORT_GLOSSARY)
    return "\n\n".join(parts)


# --------------------------------------------------------------------------
# N. Acta de junta de propietarios (ES).
# --------------------------------------------------------------------------

ES_PUNTOS = [
    "PRIMERO.- Lectura y aprobación, si procede, del acta de la sesión anterior.\n\nEl Secretario-Administrador da lectura al acta de la junta celebrada el {prev_date}. D. {v1} solicita que se corrija su intervención en el punto de ruegos y preguntas, en la que manifestó que las filtraciones del garaje afectaban a las plazas {plazas} y no solo a la plaza 14. Con esta corrección, el acta queda aprobada por unanimidad de los presentes.",
    "SEGUNDO.- Examen y aprobación, si procede, de las cuentas del ejercicio {year_prev}.\n\nEl Administrador presenta el estado de cuentas, que ha sido remitido a todos los propietarios junto con la convocatoria. Los ingresos ordinarios ascendieron a {ingresos} euros y los gastos a {gastos} euros, con un saldo a favor de la comunidad de {saldo} euros a 31 de diciembre. Se detalla a continuación el desglose de gastos:\n\n{tabla_gastos}\n\nDña. {v2} pregunta por el incremento del gasto en electricidad respecto al ejercicio anterior. El Administrador explica que se debe a la subida de tarifas y al funcionamiento continuo de la bomba de achique del garaje durante las lluvias de otoño. Sometidas a votación, las cuentas se aprueban con el voto favorable de {votos_si} propietarios que representan el {coef_si}% de las cuotas, y la abstención del resto de los presentes.",
    "TERCERO.- Aprobación del presupuesto ordinario para el ejercicio {year} y fijación de cuotas.\n\nSe propone un presupuesto de {presupuesto} euros, lo que supone un incremento del {subida}% respecto al ejercicio anterior, motivado principalmente por el nuevo contrato de mantenimiento del ascensor y la actualización del seguro del edificio. Las cuotas se girarán mensualmente mediante domiciliación bancaria, en proporción al coeficiente de participación de cada vivienda o local. Se aprueba por mayoría.",
    "CUARTO.- Rehabilitación de la fachada y derrama extraordinaria.\n\nEl Administrador informa de que la inspección técnica del edificio realizada en {ite_month} calificó el estado de la fachada como desfavorable, por el desprendimiento de fragmentos de revestimiento en la fachada principal, y otorgó un plazo de doce meses para la ejecución de las obras. Se han solicitado tres presupuestos: {emp1}, por importe de {p1} euros; {emp2}, por {p2} euros; y {emp3}, por {p3} euros, IVA incluido en todos los casos. La comisión de obras, formada por D. {v1} y Dña. {v3}, recomienda el presupuesto de {emp2} por incluir la reparación de los balcones y un plazo de garantía de diez años.\n\nSe abre un turno de intervenciones. D. {v4}, propietario del local comercial, manifiesta que el local no debería contribuir a la derrama en la misma proporción porque no tiene balcones; el Administrador le recuerda que, conforme a los estatutos, los gastos de conservación de elementos comunes se reparten según coeficiente salvo acuerdo unánime en contrario. Dña. {v2} solicita que la derrama se fraccione en doce mensualidades para no perjudicar a las familias con menos recursos. Tras el debate, se acuerda por mayoría aprobar el presupuesto de {emp2} y una derrama extraordinaria de {derrama} euros a repartir según coeficiente, pagadera en {cuotas_derrama} cuotas mensuales a partir del mes siguiente. Votan en contra los propietarios de los pisos {contra}.",
    "QUINTO.- Situación de morosidad y, en su caso, autorización para acciones judiciales.\n\nEl Administrador informa de que, a fecha de la convocatoria, existen las siguientes deudas con la comunidad:\n\n{tabla_morosos}\n\nSe acuerda por unanimidad requerir formalmente a los propietarios deudores el pago de las cantidades pendientes en el plazo de treinta días y, en caso de impago, facultar al Presidente y al Administrador para iniciar el procedimiento monitorio previsto en el artículo 21 de la Ley de Propiedad Horizontal.",
    "SEXTO.- Normas de uso de la piscina y la azotea comunitaria.\n\nA propuesta de varios vecinos, se debate la regulación del uso de la piscina durante la temporada de verano. Se aprueba por mayoría el siguiente horario: de 11:00 a 21:00 horas, con un máximo de cuatro invitados por vivienda, que deberán estar acompañados en todo momento por un propietario o inquilino. Queda prohibido el uso de la azotea para celebraciones sin comunicación previa al Presidente con al menos una semana de antelación. Dña. {v3} pide que conste en acta su queja por el ruido procedente de la azotea durante las noches del pasado verano.",
    "SÉPTIMO.- Renovación de cargos.\n\nPor turno rotatorio, corresponde la presidencia al propietario del piso {piso_pres}, D./Dña. {v5}, que acepta el cargo. Se mantiene como Secretario-Administrador a {admin_firma}.",
    "OCTAVO.- Ruegos y preguntas.\n\n{ruegos}\n\nY no habiendo más asuntos que tratar, se levanta la sesión a las {hora_fin} horas, de lo que como Secretario doy fe, con el visto bueno del Presidente.",
]
ES_RUEGOS = [
    "D. {n} ruega que se revise el funcionamiento de la puerta del garaje, que se queda abierta con frecuencia.",
    "Dña. {n} pregunta si es posible instalar puntos de recarga para vehículos eléctricos; el Administrador informará en la próxima junta sobre el procedimiento y los costes.",
    "D. {n} solicita que se recuerde a los vecinos la prohibición de dejar bicicletas en el portal.",
    "Dña. {n} pide que se cambie la empresa de limpieza por la calidad deficiente del servicio en las escaleras.",
    "D. {n} informa de humedades en el techo de su cocina que podrían proceder de la bajante comunitaria.",
    "Dña. {n} propone crear un grupo de mensajería para avisos urgentes de la comunidad.",
    "D. {n} pregunta por el estado de la reclamación al seguro por los daños de la tormenta de septiembre.",
]
ES_NOMBRES = [
    "Antonio García Ruiz",
    "María José Fernández",
    "Javier Moreno Sáez",
    "Carmen López Vidal",
    "Francisco Navarro",
    "Lucía Martín Gil",
    "Manuel Ortega",
    "Pilar Castro Ramos",
    "Alberto Jiménez",
    "Elena Romero Soler",
    "Rafael Domínguez",
    "Isabel Herrera",
]


def build_es_acta(rng):
    year = rng.choice([2024, 2025])
    ciudad = rng.choice(["Valencia", "Alicante", "Murcia"])
    pisos = [
        *("%d.º %s" % (p, letra) for p in range(1, 7) for letra in "ABCD"),
        "Local 1",
        "Local 2",
    ]
    presentes = sorted(rng.sample(pisos, rng.randint(14, 22)), key=pisos.index)
    noms = rng.sample(ES_NOMBRES, 8)
    coefs = {p: round(rng.uniform(2.9, 4.6), 2) for p in pisos}
    asist = "\n".join(
        "- %s, %s (coef. %.2f%%)%s"
        % (p, rng.choice(ES_NOMBRES), coefs[p], rng.choice(["", "", "", " - representado/a"]))
        for p in presentes
    )
    conceptos = [
        "Limpieza",
        "Electricidad zonas comunes",
        "Mantenimiento ascensor",
        "Seguro del edificio",
        "Agua",
        "Honorarios administración",
        "Mantenimiento piscina",
        "Jardinería",
        "Reparaciones varias",
        "Bomba de achique garaje",
        "Gastos bancarios",
    ]
    tg, gastos = [], 0
    for c in rng.sample(conceptos, rng.randint(8, len(conceptos))):
        v = rng.randint(300, 9000)
        gastos += v
        tg.append("%s: %s €" % (c, money(v)))
    ingresos = gastos + rng.randint(-1500, 4000)
    morosos = "\n".join(
        "- %s: %s € (%d cuotas)" % (p, money(rng.randint(180, 3200)), rng.randint(2, 14))
        for p in rng.sample(pisos, rng.randint(2, 4))
    )
    emps = rng.sample(
        [
            "Rehabilitaciones Levante S.L.",
            "Construcciones Hermanos Peña",
            "Fachadas y Cubiertas del Sur",
            "Obras Mediterráneo 2000 S.L.",
        ],
        3,
    )
    ctx = dict(
        prev_date="%d de %s de %d"
        % (rng.randint(1, 28), rng.choice(["marzo", "abril", "mayo"]), year - 1),
        v1=noms[0],
        v2=noms[1],
        v3=noms[2],
        v4=noms[3],
        v5=noms[4],
        plazas=rng.choice(["12, 13 y 14", "3, 4 y 14", "14 y 15"]),
        year_prev=year - 1,
        year=year,
        ingresos=money(ingresos),
        gastos=money(gastos),
        saldo=money(ingresos - gastos + rng.randint(2000, 9000)),
        tabla_gastos="\n".join(tg),
        votos_si=rng.randint(11, len(presentes)),
        coef_si=round(rng.uniform(52, 80), 2),
        presupuesto=money(gastos + rng.randint(1000, 6000)),
        subida=rng.choice([3, 4.5, 6, 8]),
        ite_month=rng.choice(["febrero", "junio", "octubre"]),
        emp1=emps[0],
        emp2=emps[1],
        emp3=emps[2],
        p1=money(rng.randint(140000, 220000)),
        p2=money(rng.randint(150000, 230000)),
        p3=money(rng.randint(160000, 260000)),
        derrama=money(rng.randint(150000, 230000)),
        cuotas_derrama=rng.choice([10, 12, 18]),
        contra=", ".join(rng.sample(presentes, 3)),
        tabla_morosos=morosos,
        piso_pres=rng.choice(presentes),
        admin_firma=rng.choice(["Gestiones Inmobiliarias Turia S.L.", "Administraciones Ribera"]),
        ruegos="\n".join(
            fill(r, dict(n=rng.choice(ES_NOMBRES)))
            for r in rng.sample(ES_RUEGOS, rng.randint(3, 6))
        ),
        hora_fin=rng.choice(["20:45", "21:10", "21:35"]),
    )
    head = (
        "ACTA DE LA JUNTA GENERAL ORDINARIA DE LA COMUNIDAD DE PROPIETARIOS DE LA CALLE %s, %d, DE %s\n\n"
        "En %s, siendo las %s horas del día %d de %s de %d, en segunda convocatoria, se reúnen en %s los propietarios que a continuación se relacionan, presentes o debidamente representados, para celebrar junta general ordinaria con arreglo al siguiente orden del día, que les fue notificado en tiempo y forma.\n\nASISTENTES:\n%s\n\nTotal: %d propietarios que representan el %.2f%% de las cuotas de participación. Preside la reunión D./Dña. %s y actúa como Secretario el Administrador de la finca."
        % (
            rng.choice(["COLÓN", "BLASCO IBÁÑEZ", "DE LA PAZ", "SAN VICENTE"]),
            rng.randint(2, 120),
            ciudad.upper(),
            ciudad,
            rng.choice(["19:00", "19:30"]),
            rng.randint(1, 28),
            rng.choice(["febrero", "marzo", "abril"]),
            year,
            rng.choice(
                [
                    "el portal del edificio",
                    "el local social de la comunidad",
                    "la sala de reuniones del hotel cercano",
                ]
            ),
            asist,
            len(presentes),
            sum(coefs[p] for p in presentes),
            noms[5],
        )
    )
    puntos = ES_PUNTOS[:5] + subset(rng, [], ES_PUNTOS[5:7], 1) + ES_PUNTOS[7:]
    return head + "\n\n" + "\n\n".join(fill(p, ctx) for p in puntos)


# --------------------------------------------------------------------------
# O. Rapport d'audit interne (FR).
# --------------------------------------------------------------------------

FR_CONSTATS = [
    (
        "Séparation des tâches insuffisante dans le cycle achats",
        "Dans {sites} sites sur {nsites}, une même personne peut créer un fournisseur dans l'ERP, émettre une commande et valider la réception. Sur l'échantillon testé, {pct_sep} % des commandes de moins de {seuil} € ont été créées et réceptionnées par le même utilisateur. Ce cumul de droits ne permet pas de détecter une éventuelle commande fictive ou une réception non conforme. La direction des achats indique que cette situation résulte d'effectifs réduits dans les petits sites, où l'acheteur assure également la fonction de magasinier.",
    ),
    (
        "Commandes régularisées a posteriori",
        "{pct_apost} % des factures de l'échantillon ({n_apost} sur {n_ech}) portent une date antérieure à celle du bon de commande correspondant, ce qui signifie que la commande a été saisie après réception de la facture pour permettre son paiement. Cette pratique, qualifiée en interne de « commande de régularisation », contourne le circuit d'approbation budgétaire. Elle concerne principalement les prestations de maintenance et d'intérim.",
    ),
    (
        "Fichier fournisseurs non maîtrisé",
        "Le fichier fournisseurs compte {n_fourn} fournisseurs actifs, dont {n_inactifs} n'ont enregistré aucune transaction depuis plus de dix-huit mois. Nous avons identifié {n_doublons} doublons probables (même numéro SIRET ou même IBAN sous deux codes différents) et {n_iban} modifications de coordonnées bancaires réalisées sans contre-appel documenté auprès du fournisseur, alors que la procédure l'exige depuis la tentative de fraude au président subie en {annee_fraude}.",
    ),
    (
        "Mise en concurrence non systématique",
        "La politique achats impose la consultation d'au moins trois fournisseurs au-delà de {seuil_ac} € HT. Sur les {n_ac} dossiers concernés de l'échantillon, {n_ac_nc} ne comportaient pas de trace de mise en concurrence ni de justification écrite de l'exception (fournisseur unique, urgence). Plusieurs contrats de prestations intellectuelles sont reconduits tacitement depuis plus de cinq ans sans remise en concurrence.",
    ),
    (
        "Suivi des contrats et des engagements",
        "Il n'existe pas de référentiel centralisé des contrats. Les contrats sont conservés par les prescripteurs, parfois uniquement au format papier. Nous n'avons pas pu obtenir {n_contrats_manq} des contrats demandés. Les clauses de révision de prix ne sont pas suivies : sur un contrat de nettoyage, une indexation de {pct_index} % a été appliquée par le prestataire alors que la clause prévoit un plafond de 3 %.",
    ),
    (
        "Indicateurs de performance des achats",
        "Le reporting mensuel présenté au comité de direction se limite au volume d'achats par catégorie. Aucun indicateur ne mesure les économies réalisées, le taux de commandes conformes au processus ou les délais de paiement. Le délai moyen de paiement constaté sur l'échantillon est de {dpm} jours, au-delà du délai légal de soixante jours, ce qui expose la société à des pénalités de retard et à un risque de sanction administrative.",
    ),
]
FR_RECOS = [
    "Restreindre les droits de création fournisseur à la cellule de gestion des données de référence",
    "Bloquer dans l'ERP la saisie d'une réception par l'émetteur de la commande au-delà d'un seuil",
    "Mettre en place un contrôle mensuel des commandes de régularisation avec reporting au directeur financier",
    "Nettoyer le fichier fournisseurs et désactiver les comptes inactifs depuis plus de 18 mois",
    "Documenter systématiquement les contre-appels lors des changements d'IBAN",
    "Créer une base contractuelle centralisée avec alertes d'échéance",
    "Renégocier ou remettre en concurrence les contrats reconduits depuis plus de 5 ans",
    "Compléter le reporting achats par des indicateurs de conformité et de délais de paiement",
    "Former les prescripteurs des sites au processus achats révisé",
]


def build_fr_audit(rng):
    soc = rng.choice(
        [
            "Groupe Valmont Industries",
            "Sodexal Distribution",
            "Atelier Brévanne SA",
            "Coopérative Agricole du Val de Loire",
        ]
    )
    nsites = rng.randint(6, 14)
    ctx = dict(
        sites=rng.randint(2, nsites - 2),
        nsites=nsites,
        pct_sep=rng.randint(18, 46),
        seuil=rng.choice(["5 000", "10 000", "2 500"]),
        pct_apost=rng.randint(9, 27),
        n_apost=rng.randint(12, 40),
        n_ech=rng.choice([120, 150, 200]),
        n_fourn=money(rng.randint(2400, 9800)).replace(",", " "),
        n_inactifs=money(rng.randint(600, 2300)).replace(",", " "),
        n_doublons=rng.randint(20, 140),
        n_iban=rng.randint(4, 19),
        annee_fraude=rng.choice([2021, 2022]),
        seuil_ac=rng.choice(["15 000", "25 000", "40 000"]),
        n_ac=rng.randint(20, 45),
        n_ac_nc=rng.randint(5, 19),
        n_contrats_manq=rng.randint(3, 11),
        pct_index=rng.choice(["6,2", "7,8", "5,4"]),
        dpm=rng.randint(64, 88),
    )
    head = (
        "%s\nDirection de l'Audit interne\n\nRAPPORT D'AUDIT N° %d-%02d\nProcessus achats et gestion des fournisseurs\nDiffusion : Direction générale, Direction financière, Direction des achats, Comité d'audit\nDate : %s\n\n"
        "1. SYNTHÈSE\n\nLa mission avait pour objectif d'évaluer la conception et l'efficacité des contrôles du processus achats, de l'expression du besoin jusqu'au paiement des fournisseurs. Les travaux ont porté sur la période du 1er janvier au 30 septembre et sur un échantillon de %d commandes et factures tirées aléatoirement dans l'ERP, complété par des entretiens avec %d collaborateurs des fonctions achats, comptabilité fournisseurs et contrôle de gestion.\n\n"
        "Le niveau de maîtrise global du processus est jugé %s. Si le circuit d'approbation des commandes est bien défini et correctement paramétré dans l'ERP pour les montants importants, plusieurs faiblesses significatives ont été relevées : cumul de fonctions incompatibles dans les petits sites, recours fréquent aux commandes régularisées a posteriori, fichier fournisseurs insuffisamment maîtrisé et absence de suivi centralisé des contrats. %d recommandations sont formulées, dont %d de priorité 1 à mettre en œuvre dans un délai de six mois."
        % (
            soc,
            rng.choice([2024, 2025]),
            rng.randint(1, 12),
            rng.choice(["14 novembre", "3 décembre", "22 janvier"]),
            ctx["n_ech"],
            rng.randint(14, 30),
            rng.choice(["« à améliorer »", "« insuffisant »", "« partiellement satisfaisant »"]),
            rng.randint(7, 9),
            rng.randint(3, 5),
        )
    )
    meth = (
        "2. PÉRIMÈTRE ET MÉTHODOLOGIE\n\nLe périmètre couvre l'ensemble des entités françaises du groupe, soit %d sites de production et de distribution ainsi que le siège. Les achats de matières premières, gérés par un service distinct et audités en %d, sont exclus du périmètre. La mission s'est déroulée en trois phases : une phase de prise de connaissance (analyse des procédures, des organigrammes et des paramétrages de l'ERP), une phase de tests (revue de l'échantillon, analyse de données exhaustive sur les tables fournisseurs et commandes, tests de séparation des tâches sur les profils utilisateurs) et une phase de restitution. Les constats ont été partagés avec les responsables concernés lors d'une réunion de clôture ; leurs commentaires sont intégrés au présent rapport."
        % (nsites, rng.choice([2022, 2023]))
    )
    constats = FR_CONSTATS[:]
    body = "3. CONSTATS DÉTAILLÉS\n\n" + "\n\n".join(
        "3.%d %s\n\n%s\n\nRéponse de la direction : %s"
        % (
            i,
            t,
            fill(x, ctx),
            rng.choice(
                [
                    "La direction partage le constat et s'engage à mettre en œuvre la recommandation avant la fin du premier semestre.",
                    "La direction partage partiellement le constat ; une analyse complémentaire sera menée avec la DSI.",
                    "Accord de la direction. Un plan d'action sera présenté au prochain comité d'audit.",
                    "La direction souligne les contraintes d'effectifs mais accepte la recommandation.",
                ]
            ),
        )
        for i, (t, x) in enumerate(constats, 1)
    )
    rows = ["4. PLAN D'ACTION\n\nN° | Recommandation | Priorité | Responsable | Échéance"]
    for i, r in enumerate(rng.sample(FR_RECOS, rng.randint(7, len(FR_RECOS))), 1):
        rows.append(
            "R%d | %s | P%d | %s | %s"
            % (
                i,
                r,
                rng.choice([1, 1, 2, 3]),
                rng.choice(
                    ["Dir. achats", "DSI", "Dir. financière", "Contrôle de gestion", "Juridique"]
                ),
                rng.choice(["31/03", "30/06", "30/09", "31/12"]),
            )
        )
    return "\n\n".join(
        [
            head,
            meth,
            body,
            "\n".join(rows),
            "Annexe : liste des personnes rencontrées et détail de l'échantillon disponibles sur demande auprès de la Direction de l'Audit interne.",
        ]
    )


# --------------------------------------------------------------------------
# P. Wohnraummietvertrag (DE).
# --------------------------------------------------------------------------

DE_PARAS = [
    "§ 1 Mietsache\n(1) Der Vermieter vermietet dem Mieter zu Wohnzwecken die Wohnung im {etage} des Hauses {adresse}, bestehend aus {zimmer} Zimmern, Küche, Bad mit WC, Flur und {extra}. Die Wohnfläche beträgt ca. {flaeche} m². Die Angabe der Wohnfläche dient nicht zur Festlegung des Mietgegenstandes; maßgeblich ist die Besichtigung.\n(2) Mitvermietet sind ein Kellerabteil Nr. {keller} sowie die Mitbenutzung von Waschküche, Trockenraum und Fahrradkeller nach Maßgabe der Hausordnung.\n(3) Dem Mieter werden folgende Schlüssel ausgehändigt: {schluessel} Haus-/Wohnungsschlüssel, 1 Briefkastenschlüssel, 1 Kellerschlüssel. Der Verlust eines Schlüssels ist dem Vermieter unverzüglich anzuzeigen.",
    "§ 2 Mietzeit\n(1) Das Mietverhältnis beginnt am {beginn} und läuft auf unbestimmte Zeit.\n(2) Die Kündigung richtet sich nach den gesetzlichen Vorschriften. Sie muss schriftlich erfolgen. Für die Rechtzeitigkeit der Kündigung kommt es auf den Zugang beim Vertragspartner an.\n(3) Die Parteien verzichten wechselseitig für die Dauer von {verzicht} Jahren ab Vertragsbeginn auf ihr Recht zur ordentlichen Kündigung. Eine Kündigung ist erstmals zum Ablauf dieses Zeitraums zulässig. Das Recht zur außerordentlichen Kündigung bleibt unberührt.",
    "§ 3 Miete und Betriebskosten\n(1) Die monatliche Grundmiete (Nettokaltmiete) beträgt {kalt} EUR.\n(2) Neben der Grundmiete trägt der Mieter die Betriebskosten im Sinne der Betriebskostenverordnung. Hierauf ist eine monatliche Vorauszahlung von {nk} EUR zu leisten. Über die Vorauszahlungen wird jährlich abgerechnet; der Abrechnungszeitraum ist das Kalenderjahr. Nachzahlungen und Guthaben sind innerhalb von 30 Tagen nach Zugang der Abrechnung auszugleichen.\n(3) Die Kosten für Heizung und Warmwasser werden nach der Heizkostenverordnung zu {verbrauch} % nach Verbrauch und im Übrigen nach Wohnfläche verteilt.\n(4) Die Gesamtmiete von {gesamt} EUR ist monatlich im Voraus, spätestens am dritten Werktag eines Monats, kostenfrei auf das Konto des Vermieters IBAN {iban} zu zahlen.",
    "§ 4 Mietanpassung\n{staffel}",
    "§ 5 Mietsicherheit\n(1) Der Mieter leistet eine Mietsicherheit in Höhe von {kaution} EUR (drei Nettokaltmieten). Er ist berechtigt, die Kaution in drei gleichen monatlichen Teilzahlungen zu erbringen; die erste Teilzahlung ist zu Beginn des Mietverhältnisses fällig.\n(2) Der Vermieter legt die Kaution getrennt von seinem Vermögen bei einem Kreditinstitut zu dem für Spareinlagen mit dreimonatiger Kündigungsfrist üblichen Zinssatz an. Die Zinsen stehen dem Mieter zu und erhöhen die Sicherheit.",
    "§ 6 Schönheitsreparaturen\n(1) Die Wohnung wird {renoviert} übergeben.\n(2) Der Mieter übernimmt die Schönheitsreparaturen während der Mietzeit, soweit sie durch seinen Gebrauch der Mietsache erforderlich werden. Schönheitsreparaturen umfassen das Tapezieren, Anstreichen oder Kalken der Wände und Decken, das Streichen der Heizkörper einschließlich der Heizrohre, der Innentüren sowie der Fenster und Außentüren von innen. Starre Fristen gelten nicht; maßgeblich ist der tatsächliche Zustand der Wohnung.",
    "§ 7 Kleinreparaturen\nDer Mieter trägt die Kosten für kleine Instandhaltungen an Gegenständen, die seinem häufigen Zugriff ausgesetzt sind (z. B. Installationsgegenstände für Elektrizität, Wasser und Gas, Heiz- und Kocheinrichtungen, Fenster- und Türverschlüsse), bis zu einem Betrag von {klein} EUR im Einzelfall, höchstens jedoch {klein_jahr} EUR im Kalenderjahr oder 8 % der Jahresnettokaltmiete, je nachdem, welcher Betrag niedriger ist.",
    "§ 8 Tierhaltung\nDie Haltung von Kleintieren (z. B. Ziervögel, Zierfische, Hamster) ist ohne Zustimmung des Vermieters zulässig, soweit sie sich in üblichen Grenzen hält. Die Haltung von Hunden und Katzen bedarf der vorherigen Zustimmung des Vermieters, die nur aus wichtigem Grund verweigert werden darf. {tier}",
    "§ 9 Untervermietung\nDer Mieter ist ohne Erlaubnis des Vermieters nicht berechtigt, die Mietsache ganz oder teilweise Dritten zu überlassen, insbesondere sie weiterzuvermieten. Eine kurzfristige Vermietung an Feriengäste über Online-Plattformen ist ausgeschlossen. Der Anspruch des Mieters auf Erlaubnis zur Untervermietung eines Teils der Wohnung bei berechtigtem Interesse nach § 553 BGB bleibt unberührt.",
    "§ 10 Bauliche Veränderungen\nBauliche Veränderungen durch den Mieter, insbesondere Um- und Einbauten, Installationen sowie das Anbringen von Parabolantennen oder Markisen, bedürfen der vorherigen schriftlichen Zustimmung des Vermieters. Der Mieter ist verpflichtet, bei Beendigung des Mietverhältnisses den ursprünglichen Zustand wiederherzustellen, sofern nichts anderes vereinbart wird.",
    "§ 11 Betreten der Mietsache\nDer Vermieter oder ein von ihm Beauftragter darf die Wohnung nach rechtzeitiger Ankündigung (in der Regel mindestens 48 Stunden vorher) zu angemessener Tageszeit betreten, insbesondere zur Ablesung von Messgeräten, zur Prüfung notwendiger Instandsetzungsarbeiten oder bei beabsichtigtem Verkauf bzw. Neuvermietung. Bei Gefahr im Verzug ist das Betreten jederzeit gestattet.",
    "§ 12 Hausordnung\nDie beigefügte Hausordnung ist Bestandteil dieses Vertrages. Insbesondere sind die Ruhezeiten von 22:00 bis 6:00 Uhr sowie an Sonn- und Feiertagen einzuhalten. Die Reinigung des Treppenhauses erfolgt {reinigung}. Fahrräder, Kinderwagen und sonstige Gegenstände dürfen nicht dauerhaft im Treppenhaus abgestellt werden.",
    "§ 13 Rückgabe der Mietsache\nBei Beendigung des Mietverhältnisses hat der Mieter die Wohnung vollständig geräumt und gereinigt mit allen Schlüsseln zurückzugeben. Über die Rückgabe wird ein gemeinsames Übergabeprotokoll erstellt.",
    "§ 14 Sonstige Vereinbarungen\n(1) Änderungen und Ergänzungen dieses Vertrages bedürfen der Textform.\n(2) Sollte eine Bestimmung dieses Vertrages unwirksam sein, bleibt die Wirksamkeit der übrigen Bestimmungen unberührt.\n(3) {sonst}",
]
DE_BK = [
    "Grundsteuer",
    "Wasserversorgung",
    "Entwässerung",
    "Heizung und Warmwasser",
    "Aufzug",
    "Straßenreinigung und Müllbeseitigung",
    "Gebäudereinigung",
    "Gartenpflege",
    "Allgemeinstrom",
    "Schornsteinreinigung",
    "Sach- und Haftpflichtversicherung",
    "Hauswart",
    "Kabelanschluss",
    "Rauchwarnmelder-Wartung",
]


def build_de_lease(rng):
    kalt = rng.choice([780, 920, 1150, 1340, 1585])
    nk = rng.choice([180, 220, 260, 310])
    staffel = rng.random() < 0.5
    ctx = dict(
        etage=rng.choice(
            ["Erdgeschoss links", "1. Obergeschoss rechts", "3. Obergeschoss Mitte", "Dachgeschoss"]
        ),
        adresse=rng.choice(
            [
                "Lindenstraße 14, 10969 Berlin",
                "Hohenzollernring 52, 50672 Köln",
                "Schwanthalerstraße 91, 80336 München",
                "Eppendorfer Weg 203, 20259 Hamburg",
            ]
        ),
        zimmer=rng.choice([2, 3, 4]),
        extra=rng.choice(["Balkon", "Abstellraum", "Loggia"]),
        flaeche=rng.choice([54, 67, 78, 92, 105]),
        keller=rng.randint(1, 24),
        schluessel=rng.choice([2, 3]),
        beginn="01.%02d.%d" % (rng.randint(1, 12), rng.choice([2024, 2025])),
        verzicht=rng.choice([1, 2, 4]),
        kalt=money(kalt).replace(",", "."),
        nk=nk,
        verbrauch=rng.choice([50, 60, 70]),
        gesamt=money(kalt + nk).replace(",", "."),
        iban="DE%02d %04d %04d %04d %04d %02d"
        % (
            rng.randint(10, 99),
            rng.randint(1000, 9999),
            rng.randint(1000, 9999),
            rng.randint(1000, 9999),
            rng.randint(1000, 9999),
            rng.randint(10, 99),
        ),
        staffel=(
            "Die Parteien vereinbaren eine Staffelmiete. Die Nettokaltmiete erhöht sich jeweils zum 1. Januar eines Jahres um %d EUR monatlich, erstmals zum 1. Januar des auf den Vertragsbeginn folgenden Jahres. Während der Laufzeit der Staffelmiete ist eine Erhöhung nach §§ 558 bis 559b BGB ausgeschlossen."
            % rng.choice([20, 25, 30])
        )
        if staffel
        else "Mieterhöhungen richten sich nach den gesetzlichen Vorschriften (§§ 558 ff. BGB). Eine Erhöhung bis zur ortsüblichen Vergleichsmiete kann frühestens fünfzehn Monate nach Einzug bzw. nach der letzten Erhöhung verlangt werden; die Kappungsgrenze ist zu beachten.",
        kaution=money(kalt * 3).replace(",", "."),
        renoviert=rng.choice(
            [
                "renoviert",
                "unrenoviert; hierfür erhält der Mieter einen einmaligen Nachlass von einer Monatsmiete",
                "frisch gestrichen",
            ]
        ),
        klein=rng.choice([100, 110, 120]),
        klein_jahr=rng.choice([300, 350, 400]),
        tier=rng.choice(
            [
                "Der Vermieter erteilt hiermit die Zustimmung zur Haltung einer Katze.",
                "",
                "Die Haltung eines kleinen Hundes (Rasse: Dackel) wird hiermit genehmigt.",
            ]
        ),
        reinigung=rng.choice(
            [
                "im wöchentlichen Wechsel durch die Mieter gemäß Reinigungsplan",
                "durch eine vom Vermieter beauftragte Firma; die Kosten sind Betriebskosten",
            ]
        ),
        sonst=rng.choice(
            [
                "Der Mieter übernimmt die vorhandene Einbauküche des Vormieters zum Preis von 1.800 EUR.",
                "Der Vermieter lässt bis zum Einzug die Fenster im Wohnzimmer abdichten.",
                "Ein Stellplatz in der Tiefgarage kann gesondert angemietet werden.",
            ]
        ),
    )
    v, m = rng.sample(
        [
            "Dr. Karl Weber",
            "Sabine Hoffmann",
            "Immobilienverwaltung Kranz GmbH",
            "Thomas Schulz",
            "Petra Neumann",
            "Jan Becker",
            "Leonie Wagner",
            "Murat Yılmaz",
        ],
        2,
    )
    head = (
        "WOHNRAUMMIETVERTRAG\n\nZwischen\n%s\n- nachfolgend „Vermieter“ genannt -\nund\n%s\n- nachfolgend „Mieter“ genannt -\nwird folgender Mietvertrag geschlossen:"
        % (v, m)
    )
    paras = DE_PARAS[:9] + subset(rng, [], DE_PARAS[9:11], 1) + DE_PARAS[11:]
    total = 0
    bk_rows = []
    for k in rng.sample(DE_BK, rng.randint(10, len(DE_BK))):
        val = rng.randint(80, 1400)
        total += val
        bk_rows.append(
            "%-40s %8s EUR  (%s)"
            % (
                k,
                money(val).replace(",", "."),
                rng.choice(["Wohnfläche", "Verbrauch", "Wohneinheiten", "Personen"]),
            )
        )
    anlage = (
        "Anlage 1: Aufstellung der umlagefähigen Betriebskosten (Abrechnung Vorjahr, Anteil der Wohnung)\n\n"
        + "\n".join(bk_rows)
        + "\nSumme: %s EUR, entspricht monatlich %s EUR."
        % (money(total).replace(",", "."), money(total // 12).replace(",", "."))
    )
    sig = (
        "%s, den %s\n\n____________________          ____________________\n(Vermieter)                    (Mieter)"
        % (
            ctx["adresse"].split()[-1],
            "%02d.%02d.%d" % (rng.randint(1, 28), rng.randint(1, 12), 2024),
        )
    )
    return "\n\n".join([head] + [fill(p, ctx) for p in paras] + [sig, anlage])


# --------------------------------------------------------------------------
# Q. 定例会議 議事録・書き起こし (JA).
# --------------------------------------------------------------------------

JA_PEOPLE = [
    ("佐藤", "PM"),
    ("鈴木", "開発リーダー"),
    ("高橋", "インフラ"),
    ("田中", "QA"),
    ("伊藤", "営業"),
    ("渡辺", "CS"),
    ("山本", "デザイナー"),
    ("中村", "経理"),
]
JA_TEMPLATES = [
    "{feat}の進捗ですが、実装は{pct}%くらいまで来ています。残りは{part}周りで、{date}にはテスト環境に出せる見込みです。",
    "すみません、{part}のところで想定外の仕様変更が入ってしまって、見積もりより{n}人日くらい増えそうです。",
    "それはお客様側からの要望ですか？それとも社内の判断ですか？",
    "お客様からです。先週の打ち合わせで、{part}の承認フローを二段階にしてほしいと言われました。",
    "追加費用の話はしましたか？契約上は変更管理の手続きが必要なはずです。",
    "まだです。今週中に変更依頼書を作って、{person}さんに確認してもらいます。",
    "QAの方からですが、{feat}で不具合が{n}件上がっていて、そのうち重大なものが{m}件あります。主に{part}の画面遷移です。",
    "重大な方は{date}までに直せますか？リリース判定に影響するので。",
    "二件は原因が分かっているので大丈夫です。残り一件は再現条件がまだはっきりしていません。",
    "インフラですが、本番環境のサーバー増強が先週完了しました。負荷試験の結果、ピーク時でも応答時間は{n}ミリ秒以内に収まっています。",
    "監視のアラートが夜中に何回か鳴っていた件は、結局なんだったんですか？",
    "バッチ処理の時間帯にディスク使用率が一時的に上がっていただけで、実害はありませんでした。閾値を見直しました。",
    "営業からの共有です。{feat}のデモを見た見込み客が{n}社あって、そのうち二社はかなり前向きです。",
    "ただ、価格について「他社より高い」という声が多いので、{part}をオプションにして基本料金を下げる案も検討したいです。",
    "価格の話は次回の経営会議で議題にしましょう。今日は結論を出さないでおきます。",
    "CSの問い合わせ件数ですが、先月は{n}件で、前月比で{pct}%増えています。半分くらいが{part}の使い方に関する質問です。",
    "それならヘルプページを充実させるか、画面上にガイドを出した方がいいですね。",
    "デザインの方で、{part}の改善案を三パターン作ったので、後でSlackに共有します。今週金曜までにご意見ください。",
    "経理からのお願いですが、{date}締めの経費精算がまだの方が何人かいるので、早めに出してください。",
    "来期の予算申請のフォーマットが変わったので、各チーム{date}までに提出をお願いします。",
    "リリース日は予定通り{date}で行きますか？",
    "現時点では予定通りで行きたいと思います。ただし、重大な不具合が残っていたら一週間延期します。判断は前日の午後に行います。",
    "了解です。延期の場合はお客様への連絡を営業から入れてもらえますか。",
    "はい、文面は事前に用意しておきます。",
    "セキュリティ診断の結果が来ていて、指摘が{n}件ありました。高リスクはゼロですが、中リスクが{m}件あるので、リリース前に対応します。",
    "それは{part}に関するものですか？",
    "いえ、主にログイン周りとHTTPヘッダーの設定です。一日あれば対応できます。",
    "メンバーの稼働状況ですが、{person}さんが来週から二週間休暇に入るので、その間のレビューは私が代わりにやります。",
    "他に共有事項はありますか？",
    "特にありません。",
    "では、今日の宿題を確認します。変更依頼書の作成、不具合の再現条件の調査、価格案の資料作成、以上三点ですね。",
    "次回の定例は来週の同じ時間です。お疲れさまでした。",
]
JA_FEATS = [
    "請求書自動発行機能",
    "勤怠連携",
    "モバイルアプリ版",
    "ダッシュボード刷新",
    "権限管理機能",
    "CSVインポート機能",
]
JA_PARTS = [
    "承認ワークフロー",
    "ログイン画面",
    "レポート出力",
    "通知設定",
    "ユーザー管理",
    "検索機能",
    "外部API連携",
]


def build_ja_minutes(rng, n_meetings):
    """Several consecutive weekly project meetings."""
    people = rng.sample(JA_PEOPLE, rng.randint(5, 7))
    proj = rng.choice(["クラウド会計サービス", "SaaS人事システム", "顧客管理基盤リプレイス"])
    month, day = rng.choice([(10, 1), (1, 7), (5, 13)])
    feats = [rng.choice(JA_FEATS) for _ in range(n_meetings)]
    out = []
    for k in range(n_meetings):
        d = day + 7 * k
        out.append(
            _ja_minutes_one(
                rng,
                people,
                proj,
                feats[k],
                "%d月%d日（火）" % (month + (d - 1) // 28, (d - 1) % 28 + 1),
                k + 1,
            )
        )
    return "\n\n――――――――――――――――\n\n".join(out)


def _ja_minutes_one(rng, people, proj, feat, day_str, no):
    n_turns = rng.randint(24, len(JA_TEMPLATES))
    date = rng.choice(["来週水曜", "月末", "15日", "来月頭"])
    head = (
        "【議事録】%s 定例会議（第%d回）\n日時：%s %s\n場所：第%d会議室 / オンライン併用\n出席者：%s\n記録：%s（※自動文字起こしを一部修正）\n\n■アジェンダ\n1. 開発進捗\n2. 品質状況\n3. インフラ・セキュリティ\n4. 営業・CSからの共有\n5. その他\n\n■書き起こし"
        % (
            proj,
            no,
            day_str,
            rng.choice(["10:00〜11:00", "14:00〜15:10", "9:30〜10:45"]),
            rng.randint(1, 5),
            "、".join("%s（%s）" % p for p in people),
            people[0][0],
        )
    )
    lines = []
    # keep the natural order of the meeting: sample a sorted subset and optionally duplicate a few progress turns
    idx = sorted(rng.sample(range(len(JA_TEMPLATES)), min(n_turns, len(JA_TEMPLATES))))
    prev = None
    for i in idx:
        tpl = JA_TEMPLATES[i]
        sp = rng.choice([p for p in people if p != prev])
        prev = sp
        ctx = dict(
            feat=feat,
            part=rng.choice(JA_PARTS),
            pct=rng.randint(10, 90),
            date=date,
            n=rng.randint(150, 900)
            if "ミリ秒" in tpl
            else (rng.randint(80, 400) if "問い合わせ" in tpl else rng.randint(3, 15)),
            m=rng.randint(1, 4),
            person=rng.choice(people)[0],
        )
        lines.append("%s：%s" % (sp[0], fill(tpl, ctx)))
    tail = (
        "■決定事項\n・リリース日は%sとする（重大不具合が残る場合は一週間延期、前日午後に判断）\n・価格改定案は次回経営会議で議論する\n\n■宿題\n・変更依頼書の作成（%s、今週中）\n・不具合の再現条件調査（%s、%s）\n・価格案の資料作成（%s、次回経営会議まで）"
        % (
            date,
            rng.choice(people)[0],
            rng.choice(people)[0],
            rng.choice(["金曜まで", "次回定例まで"]),
            rng.choice(people)[0],
        )
    )
    return head + "\n" + "\n".join(lines) + "\n\n" + tail


# ==========================================================================
# LONG PROMPTS THAT ARE *NOT* long_context (label by task, not by length)
# ==========================================================================


def build_django_log(rng):
    lines = []
    clock = [rng.randint(9, 15) * 3600]
    day = rng.randint(3, 9)

    def ts():
        clock[0] += rng.randint(1, 40)
        t_ = clock[0]
        return "[2025-02-%02d %02d:%02d:%02d +0000]" % (
            day,
            t_ // 3600 % 24,
            t_ // 60 % 60,
            t_ % 60,
        )

    paths = [
        "/api/orders/",
        "/api/orders/%d/",
        "/api/cart/",
        "/api/products/?page=%d",
        "/healthz",
        "/api/users/me/",
    ]
    uid = rng.randint(1000, 9000)
    tb = [
        "Internal Server Error: /api/orders/",
        "Traceback (most recent call last):",
        '  File "/srv/app/.venv/lib/python3.12/site-packages/django/db/backends/utils.py", line 105, in _execute',
        "    return self.cursor.execute(sql, params)",
        'psycopg.errors.UniqueViolation: duplicate key value violates unique constraint "loyalty_pointsledger_order_id_key"',
        "DETAIL:  Key (order_id)=({oid}) already exists.",
        "",
        "The above exception was the direct cause of the following exception:",
        "",
        "Traceback (most recent call last):",
        '  File "/srv/app/.venv/lib/python3.12/site-packages/django/core/handlers/exception.py", line 55, in inner',
        "    response = get_response(request)",
        '  File "/srv/app/.venv/lib/python3.12/site-packages/rest_framework/views.py", line 506, in dispatch',
        "    response = handler(request, *args, **kwargs)",
        '  File "/srv/app/shop/orders/views.py", line 71, in create',
        "    order = serializer.save(user=request.user)",
        '  File "/srv/app/shop/orders/serializers.py", line 48, in create',
        "    order.mark_paid()",
        '  File "/srv/app/shop/orders/models.py", line 133, in mark_paid',
        '    self.save(update_fields=["status", "paid_at"])',
        '  File "/srv/app/.venv/lib/python3.12/site-packages/django/db/models/signals.py", line 176, in send',
        "    return [(receiver, receiver(signal=self, sender=sender, **named))",
        '  File "/srv/app/shop/loyalty/signals.py", line 22, in award_points',
        "    PointsLedger.objects.create(user=instance.user, order=instance, points=instance.total // 10)",
        'django.db.utils.IntegrityError: duplicate key value violates unique constraint "loyalty_pointsledger_order_id_key"',
        "DETAIL:  Key (order_id)=({oid}) already exists.",
    ]
    for k in range(3):
        for _ in range(rng.randint(4, 8)):
            p = rng.choice(paths)
            p = p % rng.randint(1, 40 if "page" in p else 99999) if "%d" in p else p
            method = "POST" if p in ("/api/orders/", "/api/cart/") and rng.random() < 0.5 else "GET"
            lines.append(
                '%s [INFO] gunicorn.access: 10.0.%d.%d "%s %s HTTP/1.1" %d %d %dms'
                % (
                    ts(),
                    rng.randint(0, 9),
                    rng.randint(2, 250),
                    method,
                    p,
                    201 if method == "POST" else rng.choice([200, 200, 200, 304]),
                    rng.randint(200, 9000),
                    rng.randint(8, 300),
                )
            )
        if k:
            oid = rng.randint(880000, 889999)
            lines.append("%s [ERROR] django.request: " % ts() + tb[0])
            lines.extend(x.replace("{oid}", str(oid)) for x in tb[1:])
            lines.append(
                '%s [INFO] gunicorn.access: 10.0.%d.%d "POST /api/orders/ HTTP/1.1" 500 145 %dms'
                % (ts(), rng.randint(0, 9), rng.randint(2, 250), rng.randint(80, 400))
            )
    code = (
        "# shop/loyalty/signals.py\n"
        "from django.db.models.signals import post_save\n"
        "from django.dispatch import receiver\n"
        "from shop.orders.models import Order\n"
        "from .models import PointsLedger\n\n"
        "@receiver(post_save, sender=Order)\n"
        "def award_points(sender, instance, created, **kwargs):\n"
        "    if instance.status == Order.Status.PAID:\n"
        "        PointsLedger.objects.create(user=instance.user, order=instance, points=instance.total // 10)\n"
    )
    q = rng.choice(
        [
            "getting 500s on order creation since yesterday's deploy, only for some users (user %d reported it). logs below. what's wrong and how do i fix it properly?"
            % uid,
            "prod is throwing IntegrityError on POST /api/orders/ intermittently. here's the log and the signal handler. how do I fix this without breaking loyalty points?",
        ]
    )
    return "%s\n\n```\n%s\n```\n\nsignal:\n```python\n%s```" % (q, "\n".join(lines), code)


def build_spring_trace(rng):
    pkg = rng.choice(["com.acme.inventory", "io.fleetwise.dispatch", "de.kaufhaus.checkout"])
    boot = rng.choice(["3.2.4", "3.3.1"])
    head = [
        "  .   ____          _            __ _ _",
        " /\\\\ / ___'_ __ _ _(_)_ __  __ _ \\ \\ \\ \\",
        "( ( )\\___ | '_ | '_| | '_ \\/ _` | \\ \\ \\ \\",
        " =========|_|==============|___/=/_/_/_/",
        " :: Spring Boot ::                (v%s)" % boot,
        "",
    ]
    log = []
    for msg in [
        "Starting Application v1.8.0 using Java 17.0.10 with PID %d" % rng.randint(1000, 60000),
        'No active profile set, falling back to 1 default profile: "default"',
        "Bootstrapping Spring Data JPA repositories in DEFAULT mode.",
        "Finished Spring Data repository scanning in 112 ms. Found 7 JPA repository interfaces.",
        "Tomcat initialized with port 8080 (http)",
        "Starting service [Tomcat]",
        "Starting Servlet engine: [Apache Tomcat/10.1.19]",
        "Initializing Spring embedded WebApplicationContext",
        "Root WebApplicationContext: initialization completed in 1843 ms",
        "HHH000204: Processing PersistenceUnitInfo [name: default]",
        "HHH000412: Hibernate ORM core version 6.4.4.Final",
        "HikariPool-1 - Starting...",
        "HikariPool-1 - Added connection org.postgresql.jdbc.PgConnection@5b1f0f26",
        "HikariPool-1 - Start completed.",
    ]:
        log.append(
            "2025-01-%02dT10:%02d:%02d.%03dZ  INFO %d --- [           main] %s : %s"
            % (
                rng.randint(10, 20),
                rng.randint(0, 59),
                rng.randint(0, 59),
                rng.randint(0, 999),
                rng.randint(1000, 60000),
                rng.choice(
                    [
                        "o.s.b.w.embedded.tomcat.TomcatWebServer",
                        "com.zaxxer.hikari.HikariDataSource",
                        "o.h.e.t.j.p.i.JtaPlatformInitiator",
                        pkg + ".Application",
                    ]
                ),
                msg,
            )
        )
    err = [
        "2025-01-15T10:41:07.552Z  WARN 48211 --- [           main] ConfigServletWebServerApplicationContext : Exception encountered during context initialization - cancelling refresh attempt: org.springframework.beans.factory.UnsatisfiedDependencyException: Error creating bean with name 'securityConfig': Unsatisfied dependency expressed through method 'filterChain' parameter 0",
        "2025-01-15T10:41:07.601Z ERROR 48211 --- [           main] o.s.boot.SpringApplication               : Application run failed",
        "",
        "org.springframework.beans.factory.BeanCreationException: Error creating bean with name 'filterChain' defined in class path resource [%s/config/SecurityConfig.class]: Failed to instantiate [org.springframework.security.web.SecurityFilterChain]: Factory method 'filterChain' threw exception with message: This method cannot decide whether these patterns are Spring MVC patterns or not. If this endpoint is a Spring MVC endpoint, please use requestMatchers(MvcRequestMatcher); otherwise, please use requestMatchers(AntPathRequestMatcher)."
        % pkg.replace(".", "/"),
        "\tat org.springframework.beans.factory.support.ConstructorResolver.instantiate(ConstructorResolver.java:648)",
        "\tat org.springframework.beans.factory.support.ConstructorResolver.instantiateUsingFactoryMethod(ConstructorResolver.java:636)",
        "\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.instantiateUsingFactoryMethod(AbstractAutowireCapableBeanFactory.java:1335)",
        "\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.createBeanInstance(AbstractAutowireCapableBeanFactory.java:1165)",
        "\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.doCreateBean(AbstractAutowireCapableBeanFactory.java:562)",
        "\tat org.springframework.beans.factory.support.AbstractAutowireCapableBeanFactory.createBean(AbstractAutowireCapableBeanFactory.java:522)",
        "\tat org.springframework.beans.factory.support.AbstractBeanFactory.lambda$doGetBean$0(AbstractBeanFactory.java:325)",
        "\tat org.springframework.beans.factory.support.DefaultSingletonBeanRegistry.getSingleton(DefaultSingletonBeanRegistry.java:234)",
        "\tat org.springframework.beans.factory.support.AbstractBeanFactory.doGetBean(AbstractBeanFactory.java:323)",
        "\tat org.springframework.beans.factory.support.AbstractBeanFactory.getBean(AbstractBeanFactory.java:199)",
        "\tat org.springframework.beans.factory.support.DefaultListableBeanFactory.preInstantiateSingletons(DefaultListableBeanFactory.java:975)",
        "\tat org.springframework.context.support.AbstractApplicationContext.finishBeanFactoryInitialization(AbstractApplicationContext.java:959)",
        "\tat org.springframework.context.support.AbstractApplicationContext.refresh(AbstractApplicationContext.java:624)",
        "\tat org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext.refresh(ServletWebServerApplicationContext.java:146)",
        "\tat org.springframework.boot.SpringApplication.refresh(SpringApplication.java:754)",
        "\tat org.springframework.boot.SpringApplication.refreshContext(SpringApplication.java:456)",
        "\tat org.springframework.boot.SpringApplication.run(SpringApplication.java:334)",
        "\tat %s.Application.main(Application.java:12)" % pkg,
        "Caused by: org.springframework.beans.BeanInstantiationException: Failed to instantiate [org.springframework.security.web.SecurityFilterChain]: Factory method 'filterChain' threw exception with message: This method cannot decide whether these patterns are Spring MVC patterns or not.",
        "\tat org.springframework.beans.factory.support.SimpleInstantiationStrategy.instantiate(SimpleInstantiationStrategy.java:177)",
        "\tat org.springframework.beans.factory.support.ConstructorResolver.instantiate(ConstructorResolver.java:644)",
        "\t... 19 common frames omitted",
        "Caused by: java.lang.IllegalArgumentException: This method cannot decide whether these patterns are Spring MVC patterns or not. If this endpoint is a Spring MVC endpoint, please use requestMatchers(MvcRequestMatcher); otherwise, please use requestMatchers(AntPathRequestMatcher).",
        "",
        "This is because there is more than one mappable servlet in your servlet context: {org.h2.server.web.JakartaWebServlet=[/h2-console/*], org.springframework.web.servlet.DispatcherServlet=[/]}.",
        "",
        "\tat org.springframework.security.config.annotation.web.AbstractRequestMatcherRegistry.requestMatchers(AbstractRequestMatcherRegistry.java:207)",
        "\tat org.springframework.security.config.annotation.web.AbstractRequestMatcherRegistry.requestMatchers(AbstractRequestMatcherRegistry.java:248)",
        "\tat %s.config.SecurityConfig.lambda$filterChain$0(SecurityConfig.java:31)" % pkg,
        "\tat org.springframework.security.config.annotation.web.builders.HttpSecurity.authorizeHttpRequests(HttpSecurity.java:1466)",
        "\tat %s.config.SecurityConfig.filterChain(SecurityConfig.java:29)" % pkg,
        "\tat java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103)",
        "\tat java.base/java.lang.reflect.Method.invoke(Method.java:580)",
        "\tat org.springframework.beans.factory.support.SimpleInstantiationStrategy.instantiate(SimpleInstantiationStrategy.java:140)",
        "\t... 20 common frames omitted",
    ]
    cfg = (
        "@Bean\n"
        "SecurityFilterChain filterChain(HttpSecurity http) throws Exception {\n"
        '    http.csrf(csrf -> csrf.ignoringRequestMatchers("/h2-console/**"))\n'
        "        .authorizeHttpRequests(auth -> auth\n"
        '            .requestMatchers("/h2-console/**", "/actuator/health").permitAll()\n'
        '            .requestMatchers("/api/admin/**").hasRole("ADMIN")\n'
        "            .anyRequest().authenticated())\n"
        "        .headers(h -> h.frameOptions(f -> f.sameOrigin()))\n"
        "        .httpBasic(Customizer.withDefaults());\n"
        "    return http.build();\n"
        "}"
    )
    q = rng.choice(
        [
            "upgraded from spring boot 2.7 to %s and now the app won't even start. full log below. worked fine before, only dev profile has h2 enabled"
            % boot,
            "app crashes on startup after the boot %s migration, can someone explain this error and how to fix SecurityConfig?"
            % boot,
        ]
    )
    return "%s\n\n%s\n\nSecurityConfig.java:\n%s" % (q, "\n".join(head + log + err), cfg)


def build_webpack_log(rng):
    mods = ["crypto", "stream", "buffer", "path", "os"]
    missing = rng.sample(mods, rng.randint(2, 3))
    lines = [
        "> web-admin@2.3.0 build",
        "> vue-cli-service build",
        "",
        "-  Building for production...",
        "",
    ]
    for i in range(rng.randint(8, 14)):
        lines.append(
            " WARNING  Compiled with %d warnings" % rng.randint(2, 9)
            if i == 0
            else "warning  in ./src/views/%s/%s.vue?vue&type=script&lang=js\n\n\"export '%s' was not found in '@/api/%s'\n"
            % (
                rng.choice(["order", "user", "report", "dashboard"]),
                rng.choice(["Index", "Detail", "List", "Edit"]),
                rng.choice(["getList", "exportExcel", "fetchDetail", "updateStatus"]),
                rng.choice(["order", "user", "report"]),
            )
        )
    for m in missing:
        lines.append(
            (
                " ERROR  Failed to compile with %d errors\n\n" % len(missing)
                if m == missing[0]
                else ""
            )
            + "error  in ./node_modules/jsencrypt/lib/lib/jsbn/%s.js\n\n"
            "Module not found: Error: Can't resolve '%s' in '/home/ci/workspace/web-admin/node_modules/jsencrypt/lib/lib/jsbn'\n\n"
            "BREAKING CHANGE: webpack < 5 used to include polyfills for node.js core modules by default.\n"
            "This is no longer the case. Verify if you need this module and configure a polyfill for it.\n\n"
            "If you want to include a polyfill, you need to:\n"
            '\t- add a fallback \'resolve.fallback: { "%s": require.resolve("%s-browserify") }\'\n'
            "\t- install '%s-browserify'\n"
            "If you don't want to include a polyfill, you can use an empty module like this:\n"
            '\tresolve.fallback: { "%s": false }\n'
            % (rng.choice(["rng", "base64", "jsbn"]), m, m, m, m, m)
        )
    lines.append(
        "npm ERR! code ELIFECYCLE\nnpm ERR! errno 1\nnpm ERR! web-admin@2.3.0 build: `vue-cli-service build`\nnpm ERR! Exit status 1\nnpm ERR!\nnpm ERR! Failed at the web-admin@2.3.0 build script."
    )
    pkg = '"dependencies": {\n    "axios": "^1.6.7",\n    "element-plus": "^2.5.6",\n    "jsencrypt": "^3.3.2",\n    "vue": "^3.4.21",\n    "vue-router": "^4.3.0"\n  },\n  "devDependencies": {\n    "@vue/cli-service": "~5.0.8"\n  }'
    q = rng.choice(
        [
            "升级到 vue-cli 5（webpack5）之后 npm run build 就报错了，日志贴在下面，本地和 CI 都一样。怎么解决？能不能不装 polyfill",
            "把项目从 webpack4 升到 webpack5 之后打包失败，下面是完整日志和 package.json 片段，麻烦帮我看下怎么改 vue.config.js",
        ]
    )
    return "%s\n\n%s\n\npackage.json:\n%s" % (q, "\n".join(lines), pkg)


def build_orders_csv(rng):
    regions = ["North", "South", "East", "West", "Central"]
    prods = [
        ("Trail Runner 2", "Footwear", 89),
        ("City Sneaker", "Footwear", 65),
        ("Rain Shell", "Apparel", 120),
        ("Merino Tee", "Apparel", 45),
        ("Day Pack 20L", "Bags", 70),
        ("Duffel 40L", "Bags", 95),
        ("Water Bottle", "Accessories", 18),
        ("Headlamp", "Accessories", 32),
        ("Trek Poles", "Accessories", 55),
        ("Fleece Jacket", "Apparel", 85),
    ]
    n = rng.randint(130, 190)
    rows = ["order_id,order_date,region,product,category,qty,unit_price,discount_pct"]
    for i in range(n):
        p, c, price = rng.choice(prods)
        rows.append(
            "%d,2024-%02d-%02d,%s,%s,%s,%d,%.2f,%d"
            % (
                10500 + i,
                rng.randint(1, 6),
                rng.randint(1, 28),
                rng.choice(regions),
                p,
                c,
                rng.choice([1, 1, 1, 2, 2, 3, 4]),
                price * rng.choice([1, 1, 1, 0.95]),
                rng.choice([0, 0, 0, 5, 10, 15]),
            )
        )
    q = rng.choice(
        [
            "Here's our H1 order export. Can you give me: (1) revenue by region by month (after discount), (2) top 5 products by revenue, (3) average order value per region, (4) which category is growing fastest month over month?",
            "need a quick analysis of this csv for tomorrow's sales meeting — total net revenue per region, monthly trend, best and worst product, and whether discounts actually drove bigger orders",
        ]
    )
    return "%s\n\n%s" % (q, "\n".join(rows))


def build_zh_store_csv(rng):
    stores = ["徐汇店", "静安店", "浦东店", "闵行店"]
    cats = ["饮品", "烘焙", "轻食"]
    rows = ["日期,星期,门店,品类,销售额(元),订单数"]
    for d in range(1, rng.randint(15, 22)):
        wd = "一二三四五六日"[(d + 2) % 7]
        for s in rng.sample(stores, rng.randint(3, 4)):
            for c in cats:
                base = {"饮品": 4200, "烘焙": 2600, "轻食": 1800}[c] * (1.35 if wd in "六日" else 1)
                amt = int(base * rng.uniform(0.7, 1.3))
                rows.append(
                    "2025-03-%02d,周%s,%s,%s,%d,%d"
                    % (d, wd, s, c, amt, int(amt / rng.uniform(28, 42)))
                )
    q = rng.choice(
        [
            "这是我们四家门店三月的销售明细，帮我：1）按门店和品类汇总销售额；2）算每个门店的客单价；3）对比一下周末和工作日的日均销售额差多少；4）哪个门店哪个品类表现最差",
            "帮我分析下面的销售数据，看看各门店每个品类的销售额占比，以及周末是不是明显比工作日好，给出具体数字",
        ]
    )
    return "%s\n\n%s" % (q, "\n".join(rows))


def build_it_energy_csv(rng):
    sites = ["Stabilimento Brescia", "Magazzino Verona", "Uffici Milano", "Stabilimento Bari"]
    rows = ["sito;mese;consumo_kwh;costo_eur;produzione_fv_kwh"]
    for s in sites:
        for y in (2023, 2024):
            for m in range(1, 13):
                if rng.random() < 0.12:
                    continue
                summer = m in (6, 7, 8)
                kwh = int(
                    rng.uniform(18000, 42000)
                    * (1.25 if summer else 1)
                    * (0.4 if "Uffici" in s else 1)
                )
                fv = (
                    int(rng.uniform(2000, 9000) * (1.8 if summer else 0.7))
                    if "Uffici" not in s
                    else 0
                )
                rows.append(
                    "%s;%d-%02d;%d;%s;%d"
                    % (
                        s,
                        y,
                        m,
                        kwh,
                        ("%.2f" % (kwh * rng.uniform(0.18, 0.31))).replace(".", ","),
                        fv,
                    )
                )
    q = rng.choice(
        [
            "Ciao, ti incollo i consumi energetici dei nostri siti degli ultimi due anni (mancano alcuni mesi). Mi calcoli per ogni sito il consumo totale annuo, il costo medio al kWh, la variazione 2024 vs 2023 e quanto incide il fotovoltaico sul consumo?",
            "dai dati qui sotto: qual è il sito con il costo medio per kWh più alto? c'è stagionalità nei consumi? e i mesi mancanti quanto potrebbero falsare i totali?",
        ]
    )
    return "%s\n\n%s" % (q, "\n".join(rows))


def build_en_translation(rng):
    v = rng.choice(["4.0", "3.2", "5.1"])
    text = (
        "Subject: Action required - API v%s changes and deprecation timeline\n\n"
        "Hi team,\n\n"
        "We're writing to let you know about upcoming changes to the Orders API that may require updates to your integration. Version %s will be released on %s.\n\n"
        "What's changing\n"
        "1. The `GET /v2/orders` endpoint now returns results in pages of 100 instead of 500. Use the `next_cursor` field in the response to fetch subsequent pages. Offset-based pagination (`?offset=`) is deprecated.\n"
        "2. The `create_order()` function in our Python SDK now requires an `idempotency_key` argument. Calls without it will log a warning in %s and fail from the next major version.\n"
        "3. Timestamps are returned in UTC with an explicit offset (for example `2025-05-01T09:30:00+00:00`). Previously, some fields used the merchant's local timezone without an offset.\n"
        "4. The `status` field gains a new value, `partially_refunded`. If your code uses a switch statement or an enum over order statuses, please add a default branch so unknown values don't cause errors.\n"
        "5. Webhook payloads are now signed with HMAC-SHA256. Verify the `X-Signature` header against your webhook secret before processing an event.\n\n"
        "Timeline\n"
        "- %s: v%s available in the sandbox environment.\n"
        "- Four weeks later: v%s becomes the default in production. You can still pin the old version with the `API-Version` header.\n"
        "- Six months later: the old version is switched off.\n\n"
        "What you need to do\n"
        "Please test your integration in the sandbox before the production switch, update any code that relies on offset pagination, and make sure your systems can handle the new status value. Our migration guide includes code samples in Python, JavaScript and Java, and a checklist you can share with your developers.\n\n"
        "If you have questions, reply to this email or contact your account manager. We'll also run two live Q&A sessions; registration links are in the developer portal.\n\n"
        "Thanks,\nThe Platform Team"
        % (
            v,
            v,
            rng.choice(["June 3", "September 15", "March 10"]),
            v,
            rng.choice(["May 20", "September 1", "February 24"]),
            v,
            v,
        )
    )
    q = rng.choice(
        [
            "Translate this email into Japanese for our partners in Osaka. Keep code, endpoint names and field names in English exactly as they are:",
            "pls translate to japanese, polite business tone. don't translate anything in backticks",
        ]
    )
    return q + "\n\n" + text


def build_zh_translation(rng):
    text = (
        "关于2025年春节放假及值班安排的通知\n\n各部门、全体员工：\n\n"
        "根据国务院办公厅关于2025年部分节假日安排的通知，结合公司实际情况，现将春节放假及值班安排通知如下：\n\n"
        "一、放假时间\n%s至%s放假调休，共8天。%s（星期日）、%s（星期六）正常上班。\n\n"
        "二、值班安排\n1. 放假期间各部门须安排专人值班，值班表请于%s前报行政部备案。\n2. 技术部须保证线上系统7×24小时有人响应，值班人员接到告警后应在15分钟内响应，重大故障须第一时间上报部门负责人。\n"
        "3. 客服部按照“早班9:00-15:00、晚班15:00-21:00”两班轮值，节日期间客服热线正常开通。\n\n"
        "三、注意事项\n1. 放假前各部门要做好安全检查，关闭办公区域的电源、门窗，贵重物品妥善保管。\n2. 需要在假期远程办公的同事，请提前在OA系统中申请VPN权限，严禁将公司数据拷贝至个人设备。\n"
        "3. 外出旅行的同事请注意出行安全，保持通讯畅通，如遇紧急情况及时与部门负责人联系。\n4. 节后第一个工作日上午10点召开全员大会，请各部门负责人准备好第一季度工作计划。\n\n"
        "提前祝大家新春快乐，阖家幸福！\n\n%s行政人事部\n%s"
        % (
            rng.choice(["1月28日（除夕）", "1月28日"]),
            "2月4日",
            "1月26日",
            "2月8日",
            rng.choice(["1月20日", "1月22日"]),
            rng.choice(
                ["杭州云帆科技有限公司", "深圳星河互动网络有限公司", "北京明远数据服务有限公司"]
            ),
            rng.choice(["2025年1月10日", "2025年1月13日"]),
        )
    )
    q = rng.choice(
        [
            "帮我把下面这份通知翻译成英文，公司有几个外籍同事，语气正式一点：",
            "翻译成英文，给外国同事看的，格式保持不变",
        ]
    )
    return q + "\n\n" + text


def build_pt_translation(rng):
    text = (
        "Prezados,\n\n"
        "Segue o resumo dos resultados do terceiro trimestre para envio aos investidores.\n\n"
        "A receita líquida consolidada foi de R$ %s milhões, um crescimento de %d%% em relação ao mesmo período do ano anterior. O segmento de varejo respondeu por 58%% da receita, enquanto o atacado cresceu %d%% impulsionado pela abertura de dois novos centros de distribuição no Nordeste. "
        "A margem bruta ficou em %d,%d%%, uma queda de 1,2 ponto percentual, explicada principalmente pelo aumento do custo do frete e pela política de descontos agressiva no mês de setembro.\n\n"
        "O EBITDA ajustado somou R$ %d milhões, com margem de %d,%d%%. O lucro líquido foi de R$ %d milhões. A geração de caixa operacional foi positiva, e a dívida líquida terminou o trimestre em 1,4 vez o EBITDA dos últimos doze meses.\n\n"
        "Para o quarto trimestre, esperamos manter o ritmo de crescimento, com atenção especial ao controle de despesas e ao capital de giro. Os dados completos, incluindo a planilha com a abertura por região e por canal, estão na pasta compartilhada.\n\n"
        "Qualquer dúvida, estou à disposição.\n\nAbraços,\n%s\nRelações com Investidores"
        % (
            rng.choice(["412,6", "1.085,3", "236,9"]),
            rng.randint(6, 19),
            rng.randint(8, 25),
            rng.randint(28, 41),
            rng.randint(0, 9),
            rng.randint(40, 180),
            rng.randint(9, 16),
            rng.randint(0, 9),
            rng.randint(10, 80),
            rng.choice(["Mariana Costa", "Rafael Lima", "Juliana Souza"]),
        )
    )
    q = rng.choice(
        [
            "traduz esse email pro inglês pra mim? é pros investidores estrangeiros, mantém os números iguais",
            "pode traduzir para o inglês, tom formal:",
        ]
    )
    return q + "\n\n" + text


LONG_OTHER = [
    # (builder, label, lang, note)
    (
        build_django_log,
        "code",
        "en",
        "hard:long-not-longcontext — long log + traceback, asks for a bug fix",
    ),
    (
        build_spring_trace,
        "code",
        "en",
        "hard:long-not-longcontext — long Spring Boot stack trace, asks for a fix",
    ),
    (build_webpack_log, "code", "zh", "hard:long-not-longcontext — 长构建日志，要求修复打包错误"),
    (
        build_orders_csv,
        "data_analysis",
        "en",
        "hard:long-not-longcontext — large CSV, aggregates requested",
    ),
    (
        build_zh_store_csv,
        "data_analysis",
        "zh",
        "hard:long-not-longcontext; hard:zh-data — 大段CSV，要求汇总",
    ),
    (
        build_it_energy_csv,
        "data_analysis",
        "it",
        "hard:long-not-longcontext — large CSV (Italian), aggregates requested",
    ),
    (
        build_en_translation,
        "simple",
        "en",
        "hard:long-not-longcontext; hard:translate-code — longish email mentioning API/code, translate",
    ),
    (build_zh_translation, "simple", "zh", "hard:long-not-longcontext — 较长通知，翻译成英文"),
    (
        build_pt_translation,
        "simple",
        "pt",
        "hard:long-not-longcontext; hard:translate-data — email with financial figures, translate",
    ),
]


# ==========================================================================
# long_context items: which document, which question, how it is pasted
# ==========================================================================


def doc_builder(kind, size=None):
    table = {
        "msa": build_msa,
        "bio": build_bio,
        "earnings": build_earnings,
        "novel": build_novel,
        "design": build_design_doc,
        "handbook": build_handbook,
        "council": build_council,
        "zh_lease": build_zh_lease,
        "zh_report": build_zh_report,
        "es_acta": build_es_acta,
        "fr_audit": build_fr_audit,
        "de_lease": build_de_lease,
    }
    if kind in table:
        return table[kind]
    sized = {
        "log": build_log,
        "reviews": build_reviews,
        "zh_reviews": build_zh_reviews,
        "zh_meeting": build_zh_meeting,
        "ja_minutes": build_ja_minutes,
    }
    return lambda rng: sized[kind](rng, size)


CW = "hard:codeword-longdoc"  # long document full of code-ish words (function/class/import/def)
MX = "hard:mixed-lang"  # document and question in different languages
MT = "hard:multi-turn-short-followup"

# (doc kind, size, lang, question, note, style, multi-turn assistant reply or None)
LC_SPECS = [
    # A. contract (EN)
    (
        "msa",
        None,
        "en",
        "I'm the customer here. Can you summarize the key risks for us in this MSA before it goes to legal? Focus on liability, termination and the auto-renewal.",
        CW + " — contract mentions 'class action', 'Business Function', 'import'",
        "q_first",
        None,
    ),
    (
        "msa",
        None,
        "en",
        "list every notice period / deadline in this contract with the section number",
        CW + " — contract Q&A",
        "doc_first",
        None,
    ),
    (
        "msa",
        None,
        "en",
        "what about the class action waiver - does it stop our own employees from suing the provider?",
        MT + "; " + CW + " — follow-up on a pasted contract",
        "multi",
        "Here's a quick review of the MSA from the customer's side:\n\n- Term and renewal: multi-year initial term that renews automatically unless you give non-renewal notice well ahead of expiry.\n- Fees: annual subscription in advance, capped renewal increases, late interest on undisputed amounts.\n- Termination for convenience is possible but triggers an early termination fee.\n- Liability is capped at a multiple of recent fees, with a higher cap for data-protection breaches.\n- Disputes go to binding arbitration with a class action waiver.\n\nWant me to go deeper on any clause?",
    ),
    (
        "msa",
        None,
        "en",
        "Is the limitation of liability mutual? And does the higher cap for data breaches actually help us much? be concise",
        CW + " — contract Q&A",
        "delim",
        None,
    ),
    (
        "msa",
        None,
        "ko",
        "이 계약서에서 고객사(우리) 입장에서 불리한 조항만 골라서 한국어로 정리해줘",
        MX + "; " + CW + " — English contract, Korean question",
        "q_first",
        None,
    ),
    (
        "msa",
        None,
        "zh",
        "帮我看看这份合同里关于责任上限和赔偿的条款，对我们（客户方）有什么风险？用中文回答",
        MX + "; " + CW + " — English contract, Chinese question",
        "q_first",
        None,
    ),
    # B. biology paper (EN)
    (
        "bio",
        None,
        "en",
        "summarize this paper for my journal club in 5 bullet points + 2 discussion questions",
        CW + " — biology paper on protein function / mitochondrial import",
        "q_first",
        None,
    ),
    (
        "bio",
        None,
        "en",
        "What limitations do the authors acknowledge, and what additional ones would you raise as a reviewer?",
        CW + " — paper with 'function', 'class II', 'import'",
        "doc_first",
        None,
    ),
    (
        "bio",
        None,
        "en",
        "explain the main finding of this to a non-scientist in one paragraph",
        CW + " — paper",
        "delim",
        None,
    ),
    (
        "bio",
        None,
        "en",
        "Does the evidence actually show the protein functions as a class II holdase, or is that over-claimed? Go through each results section.",
        CW + " — question itself says 'functions' and 'class'",
        "doc_first",
        None,
    ),
    (
        "bio",
        None,
        "vi",
        "tóm tắt bài báo này bằng tiếng Việt, khoảng 200 từ, dễ hiểu cho sinh viên năm nhất",
        MX + "; " + CW + " — English paper, Vietnamese question",
        "q_first",
        None,
    ),
    # C. earnings call (EN)
    (
        "earnings",
        None,
        "en",
        "what did management say about guidance? raised, cut or unchanged, and why?",
        "earnings call transcript Q&A",
        "q_first",
        None,
    ),
    (
        "earnings",
        None,
        "en",
        "Pull out every number mentioned about margins (gross and operating) with one line of context each.",
        "hard:numbers-in-longdoc — extraction from transcript, not data analysis",
        "doc_first",
        None,
    ),
    (
        "earnings",
        None,
        "en",
        "what were the analysts most worried about on this call? group by theme",
        "transcript analysis",
        "delim",
        None,
    ),
    (
        "earnings",
        None,
        "en",
        "did they say anything about layoffs or headcount?",
        MT + " — follow-up on a pasted transcript",
        "multi",
        "Summary of the call:\n\n1. Revenue grew year over year and came in ahead of the guidance midpoint.\n2. Gross margin was down, mostly from duplicate facility costs during a site consolidation; management expects that to reverse.\n3. Larger customers kept expanding while smaller ones were more cautious, and big-deal sales cycles got longer.\n4. New tiered pricing launched for new customers and will move existing customers over at renewal.\n5. Buybacks continue and a new authorisation was announced.",
    ),
    (
        "earnings",
        None,
        "ru",
        "кратко перескажи этот звонок на русском и выдели основные риски для инвестора",
        MX + " — English transcript, Russian question",
        "q_first",
        None,
    ),
    # D. novel chapter (EN)
    (
        "novel",
        None,
        "en",
        "summarize this chapter in about 150 words",
        "fiction chapter summary",
        "q_first",
        None,
    ),
    (
        "novel",
        None,
        "en",
        "I'm writing an essay for my lit class — what are the main themes and motifs in this chapter? quote specific lines",
        "hard:class-word-in-request — 'class' in a long-document request",
        "doc_first",
        None,
    ),
    (
        "novel",
        None,
        "en",
        "This is the first chapter of my novel draft. Honest feedback on pacing and how the characters are introduced — what would an editor say?",
        "long draft feedback (analysis of the whole text, not new creative writing)",
        "q_first",
        None,
    ),
    (
        "novel",
        None,
        "en",
        "what is the relationship between the narrator and her brother, and what does the phrase 'had indicated' tell us about it?",
        "literary Q&A over long text",
        "delim",
        None,
    ),
    # E. design doc (EN)
    (
        "design",
        None,
        "en",
        "summarize this RFC for our PM who isn't technical. 5 bullets max",
        CW + " — engineering RFC with def/import/class but the task is summarisation",
        "q_first",
        None,
    ),
    (
        "design",
        None,
        "en",
        "what decisions does this doc need from reviewers? list the open questions and who should answer each",
        CW + " — RFC Q&A",
        "doc_first",
        None,
    ),
    (
        "design",
        None,
        "en",
        "What risks in the migration plan has the author not addressed?",
        CW + " — RFC critique",
        "delim",
        None,
    ),
    ("design", None, "en", "tl;dr?", CW + "; hard:terse-question-long-doc", "doc_first", None),
    (
        "design",
        None,
        "zh",
        "总结一下这个设计文档的方案、迁移计划和风险，用中文",
        MX + "; " + CW + " — English RFC, Chinese question",
        "q_first",
        None,
    ),
    # F. production logs (EN)
    (
        "log",
        14000,
        "en",
        "Summarize what happened during this incident for a non-technical status page update. Timeline + customer impact, no jargon.",
        "hard:log-summary — long log, asks for a summary not a fix",
        "q_first",
        None,
    ),
    (
        "log",
        22000,
        "en",
        "from this log: when did the problem start, when was it detected, when was it mitigated? exact timestamps please",
        "hard:log-summary — timeline extraction from long log",
        "doc_first",
        None,
    ),
    (
        "log",
        31000,
        "en",
        "Which services were affected, and roughly how many checkout failures are in this log?",
        "hard:log-summary",
        "delim",
        None,
    ),
    (
        "log",
        44000,
        "en",
        "write a postmortem draft from these logs: timeline, root cause, impact, action items",
        "hard:log-summary — very long log",
        "q_first",
        None,
    ),
    (
        "log",
        56000,
        "en",
        "can you go through this whole log and tell me if anything else looks off besides the main outage?",
        "hard:log-summary — near the 60K upper bound",
        "doc_first",
        None,
    ),
    # G. app reviews (EN)
    (
        "reviews",
        16000,
        "en",
        "group the complaints in these reviews into themes and rank them by how often they come up",
        "review dump, theme summary",
        "q_first",
        None,
    ),
    (
        "reviews",
        26000,
        "en",
        "What do the 5-star reviewers love most? Pull a few short quotes we could use on the website.",
        "review dump extraction",
        "doc_first",
        None,
    ),
    (
        "reviews",
        35000,
        "en",
        "we raised prices last month — how are people reacting in these reviews? only the pricing sentiment please",
        "review dump, focused question",
        "q_first",
        None,
    ),
    (
        "reviews",
        52000,
        "en",
        "write a 1-page summary of these reviews for tomorrow's product team meeting",
        "review dump, very long",
        "delim",
        None,
    ),
    (
        "reviews",
        21000,
        "hi",
        "इन रिव्यूज़ में सबसे ज़्यादा शिकायतें किस बारे में हैं? हिंदी में सारांश दो",
        MX + " — English reviews, Hindi question",
        "q_first",
        None,
    ),
    # H. employee handbook (EN)
    (
        "handbook",
        None,
        "en",
        "how many PTO days do I get after 3 years and can I carry them over?",
        "policy Q&A",
        "doc_first",
        None,
    ),
    (
        "handbook",
        None,
        "en",
        "I'm Class C on a 9-month contract — which benefits do I get according to this handbook?",
        "hard:class-word-in-request — 'Class C' employee class, handbook Q&A",
        "q_first",
        None,
    ),
    (
        "handbook",
        None,
        "en",
        "can I work from Portugal for 5 weeks this summer? what's the process according to this?",
        "policy Q&A",
        "delim",
        None,
    ),
    (
        "handbook",
        None,
        "pt",
        "resuma as regras de trabalho remoto e de trabalho no exterior deste manual, em português",
        MX + " — English handbook, Portuguese question",
        "q_first",
        None,
    ),
    # I. council minutes (EN)
    (
        "council",
        None,
        "en",
        "what was decided about the bike lanes and what conditions were attached?",
        "minutes Q&A",
        "q_first",
        None,
    ),
    (
        "council",
        None,
        "en",
        "Summarize the public comments for and against the project.",
        "minutes summary",
        "doc_first",
        None,
    ),
    (
        "council",
        None,
        "en",
        "list all motions with who moved / seconded and the vote counts",
        "minutes extraction",
        "delim",
        None,
    ),
    (
        "council",
        None,
        "en",
        "I'm a local reporter — write me a 200-word news brief of this meeting",
        "minutes → news brief (summarisation of long doc)",
        "q_first",
        None,
    ),
    # J. 租赁合同 (ZH)
    (
        "zh_lease",
        None,
        "zh",
        "帮我看看这份租房合同有没有坑，我是租客",
        "租赁合同审阅",
        "doc_first",
        None,
    ),
    (
        "zh_lease",
        None,
        "zh",
        "如果我住满一年想提前退租，按这个合同要赔多少钱？押金能退吗",
        "合同问答",
        "q_first",
        None,
    ),
    (
        "zh_lease",
        None,
        "zh",
        "幫我整理這份租約中房東和房客各自要負擔的費用",
        "traditional — 繁体提问，简体合同",
        "q_first",
        None,
    ),
    ("zh_lease", None, "zh", "合同里维修责任是怎么划分的？空调坏了谁修", "合同问答", "delim", None),
    # K. 会议转写 (ZH)
    (
        "zh_meeting",
        4,
        "zh",
        "根据下面几次周会的录音转写，帮我整理一份会议纪要，包括决议事项和待办（带负责人）",
        "多次会议转写整理",
        "q_first",
        None,
    ),
    (
        "zh_meeting",
        5,
        "zh",
        "这几次周会里大家对上线时间有哪些分歧？最后怎么定的",
        "会议转写问答",
        "doc_first",
        None,
    ),
    (
        "zh_meeting",
        4,
        "zh",
        "那隐私合规那个问题后来解决了吗",
        MT + " — 粘贴转写后的追问",
        "multi",
        "这几次周会的主要内容：\n1. 各功能的开发和提测进度，以及灰度实验的初步数据；\n2. 第三方接口超时、低版本安卓兼容等风险；\n3. 上线时间和重构排期之间的分歧，最后决定先上简化版；\n4. 运营、客服对文档和反馈入口的需求；\n5. 隐私合规要求删减采集字段。",
    ),
    (
        "zh_meeting",
        6,
        "zh",
        "帮我把每个人在会上提到的风险点列出来，按人分组",
        "会议转写抽取",
        "delim",
        None,
    ),
    # L. 商品评价 (ZH)
    (
        "zh_reviews",
        8000,
        "zh",
        "下面是我们店扫地机器人的评价，帮我归纳差评的主要原因，按出现频率排序",
        "评价归纳",
        "q_first",
        None,
    ),
    (
        "zh_reviews",
        15000,
        "zh",
        "帮我从这些评论里总结产品的优点和缺点，写给产品经理看",
        "评价总结",
        "doc_first",
        None,
    ),
    (
        "zh_reviews",
        26000,
        "zh",
        "这些评价里关于客服和售后的问题有哪些？举几个典型例子",
        "评价问答",
        "q_first",
        None,
    ),
    (
        "zh_reviews",
        41000,
        "zh",
        "幫我看看這些評價，消費者最在意的是什麼？",
        "traditional — 很长的评价导出",
        "doc_first",
        None,
    ),
    # M. 研报 (ZH)
    ("zh_report", None, "zh", "帮我总结这份研报的核心观点，300字以内", "研报总结", "q_first", None),
    (
        "zh_report",
        None,
        "zh",
        "研报里提到的风险有哪些？哪几家公司估值看起来最便宜",
        "hard:numbers-in-longdoc — 研报问答，不是数据分析",
        "doc_first",
        None,
    ),
    (
        "zh_report",
        None,
        "zh",
        "用大白话解释一下，这份报告认为储能行业现在处在什么阶段",
        "研报解读",
        "delim",
        None,
    ),
    (
        "zh_report",
        None,
        "zh",
        "报告里独立储能电站的收益测算是怎么做的？假设合理吗",
        "研报问答",
        "q_first",
        None,
    ),
    # N. acta (ES)
    (
        "es_acta",
        None,
        "es",
        "resúmeme los acuerdos de esta junta, sobre todo lo de la derrama y cuándo hay que pagarla",
        "acta de junta",
        "q_first",
        None,
    ),
    (
        "es_acta",
        None,
        "es",
        "¿y quién votó en contra de la derrama?",
        MT + " — seguimiento sobre un acta pegada",
        "multi",
        "Resumen de la junta:\n- Se aprobó el acta anterior con una corrección.\n- Se aprobaron las cuentas del ejercicio y el presupuesto ordinario, con una subida moderada de cuotas.\n- Se aprobó la rehabilitación de la fachada con una derrama extraordinaria repartida por coeficiente y pagadera en cuotas mensuales.\n- Se acordó reclamar a los morosos y, si no pagan, iniciar el procedimiento monitorio.\n- En ruegos y preguntas se trataron varios temas de mantenimiento.",
    ),
    (
        "es_acta",
        None,
        "es",
        "¿qué se dijo en ruegos y preguntas? hazme una lista",
        "acta de junta",
        "doc_first",
        None,
    ),
    # O. audit report (FR)
    (
        "fr_audit",
        None,
        "fr",
        "Fais-moi une synthèse de ce rapport d'audit en 10 lignes pour le comité de direction.",
        "rapport d'audit",
        "q_first",
        None,
    ),
    (
        "fr_audit",
        None,
        "fr",
        "Quels constats concernent un risque de fraude ? Classe-les par gravité et explique pourquoi.",
        "rapport d'audit, analyse",
        "doc_first",
        None,
    ),
    (
        "fr_audit",
        None,
        "fr",
        "à partir du rapport, liste les actions prioritaires avec responsables et échéances",
        "rapport d'audit, extraction",
        "delim",
        None,
    ),
    # P. Mietvertrag (DE)
    (
        "de_lease",
        None,
        "de",
        "Ist an diesem Mietvertrag etwas ungewöhnlich oder vielleicht sogar unzulässig? Ich bin der Mieter.",
        "Mietvertrag prüfen",
        "q_first",
        None,
    ),
    (
        "de_lease",
        None,
        "de",
        "Fass mir bitte die Kosten zusammen: Miete, Nebenkosten, Kaution, Kleinreparaturen. Was zahle ich im ersten Jahr insgesamt ungefähr?",
        "Mietvertrag Q&A",
        "doc_first",
        None,
    ),
    # Q. 議事録 (JA)
    (
        "ja_minutes",
        4,
        "ja",
        "以下の定例会議の議事録（数回分）から、決定事項と未解決の課題を整理してください。",
        "議事録整理",
        "q_first",
        None,
    ),
    (
        "ja_minutes",
        5,
        "ja",
        "この数回の定例で、リリース日に関する議論がどう変わったかまとめて",
        "議事録の経緯",
        "doc_first",
        None,
    ),
    (
        "ja_minutes",
        6,
        "ja",
        "上司向けに3行で要約して",
        "hard:terse-question-long-doc",
        "doc_first",
        None,
    ),
]

INTROS = {
    "en": ["", "", "Here's the document:\n\n", "pasting it below\n\n"],
    "zh": ["", "", "内容如下：\n\n", "全文贴在这里：\n\n"],
    "ko": ["", "아래 문서입니다.\n\n"],
    "vi": ["", "Nội dung bên dưới:\n\n"],
    "ru": ["", "текст ниже:\n\n"],
    "hi": ["", "नीचे पूरा टेक्स्ट है:\n\n"],
    "pt": ["", "segue o texto:\n\n"],
    "es": ["", "te pego el acta:\n\n"],
    "fr": ["", "Voici le document :\n\n"],
    "de": ["", "Hier der Vertrag:\n\n"],
    "ja": ["", "以下、全文です。\n\n"],
}
FIRST_ASK = {
    "en": "can you read this and give me a quick overview?",
    "zh": "帮我总结一下这几次会议",
    "es": "¿me puedes resumir esta acta?",
}


def frame(rng, lang, question, doc, style):
    intro = rng.choice(INTROS[lang])
    if style == "q_first":
        return "%s\n\n%s%s" % (question, intro, doc)
    if style == "doc_first":
        return "%s\n\n%s" % (doc, question)
    # delimited
    open_, close = rng.choice(
        [('"""', '"""'), ("<document>", "</document>"), ("---", "---"), ("```", "```")]
    )
    return "%s\n\n%s\n%s\n%s" % (question, open_, doc, close)


def build_long_context_items():
    items = []
    for i, (kind, size, lang, question, note, style, reply) in enumerate(LC_SPECS):
        # Deterministic retries: take the first variant whose prompt lands in range.
        for attempt in range(200):
            rng = rng_for("lc-%d-%d" % (i, attempt))
            doc = doc_builder(kind, size)(rng)
            if reply is None:
                prompt = frame(rng, lang, question, doc, style)
                n = len(prompt)
            else:
                first = "%s\n\n%s" % (FIRST_ASK[lang], doc)
                n = len(first)
            if LONG_MIN <= n <= LONG_MAX:
                break
        else:
            raise SystemExit("could not build long_context item %d (%s) in range" % (i, kind))
        item = {"label": "long_context", "lang": lang, "note": "%s [doc: %s]" % (note, kind)}
        if reply is None:
            item["prompt"] = prompt
        else:
            item["prompt"] = question
            item["messages"] = [
                {"role": "user", "content": first},
                {"role": "assistant", "content": reply},
                {"role": "user", "content": question},
            ]
        items.append(item)
    return items


def build_long_other_items():
    items = []
    for i, (fn, label, lang, note) in enumerate(LONG_OTHER):
        rng = rng_for("other-%d" % i)
        items.append({"label": label, "lang": lang, "note": note, "prompt": fn(rng)})
    return items


# ==========================================================================
# assembly
# ==========================================================================


def load_short():
    items = []
    with SHORT_PATH.open(encoding="utf-8") as f:
        for ln, raw in enumerate(f, 1):
            line = raw.strip()
            if not line:
                continue
            obj = json.loads(line)
            for k in ("label", "lang", "note", "prompt"):
                if k not in obj:
                    raise SystemExit("%s:%d missing %r" % (SHORT_PATH, ln, k))
            if "messages" in obj and obj["messages"][-1]["content"] != obj["prompt"]:
                raise SystemExit("%s:%d prompt must equal the last user message" % (SHORT_PATH, ln))
            items.append(obj)
    return items


def assemble():
    items = load_short() + build_long_context_items() + build_long_other_items()
    for it in items:
        if it["label"] not in LABELS:
            raise SystemExit("bad label %r" % it["label"])
    rng = random.Random(SEED)
    rng.shuffle(items)
    out = []
    for n, it in enumerate(items, 1):
        rec = {
            "id": "dev-%04d" % n,
            "prompt": it["prompt"],
            "label": it["label"],
            "lang": it["lang"],
            "note": it["note"],
        }
        if "messages" in it:
            rec["messages"] = it["messages"]
        out.append(rec)
    return out


def render(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def hard_tags(note):
    return re.findall(r"hard:[a-z0-9-]+", note)


def stats_markdown(records):
    n_all = len(records)
    by_lang = collections.Counter(r["lang"] for r in records)
    langs = sorted(by_lang, key=lambda lang: (-by_lang[lang], lang))
    cell = collections.Counter((r["label"], r["lang"]) for r in records)
    out = [
        "### Label x language",
        "",
        "| label | " + " | ".join(langs) + " | total |",
        "|---|" + "---|" * (len(langs) + 1),
    ]
    for lab in LABELS:
        row = [str(cell[(lab, lang)]) for lang in langs]
        out.append(
            f"| {lab} | " + " | ".join(row) + f" | {sum(cell[(lab, lang)] for lang in langs)} |"
        )
    out.append(
        "| **total** | " + " | ".join(str(by_lang[lang]) for lang in langs) + f" | {n_all} |"
    )
    out.append(
        "| **share** | "
        + " | ".join(f"{100.0 * by_lang[lang] / n_all:.1f}%" for lang in langs)
        + " | |"
    )
    hard = [r for r in records if hard_tags(r["note"])]
    tagc = collections.Counter(t for r in records for t in set(hard_tags(r["note"])))
    out += [
        "",
        "### Hard cases",
        "",
        f"{len(hard)} of {n_all} items ({100.0 * len(hard) / n_all:.1f}%) carry at least one `hard:` tag.",
        "",
        "| tag | items | labels |",
        "|---|---|---|",
    ]
    for tag, n in sorted(tagc.items(), key=lambda x: (-x[1], x[0])):
        labs = collections.Counter(r["label"] for r in records if tag in hard_tags(r["note"]))
        out.append(
            f"| `{tag}` | {n} | " + ", ".join(f"{k} {v}" for k, v in sorted(labs.items())) + " |"
        )
    multi = collections.Counter(r["label"] for r in records if "messages" in r)
    out += [
        "",
        "### Multi-turn items",
        "",
        f"{sum(multi.values())} items have a `messages` field: "
        + ", ".join(f"{lab} {multi[lab]}" for lab in LABELS)
        + ".",
    ]
    out += [
        "",
        "### Prompt length (characters; multi-turn items count all messages)",
        "",
        "| label | min | median | max |",
        "|---|---|---|---|",
    ]
    for lab in LABELS:
        lens = sorted(
            sum(len(m["content"]) for m in r["messages"]) if "messages" in r else len(r["prompt"])
            for r in records
            if r["label"] == lab
        )
        out.append(f"| {lab} | {lens[0]} | {lens[len(lens) // 2]} | {lens[-1]} |")
    return "\n".join(out)


def main(argv):
    records = assemble()
    text = render(records)
    if "--check" in argv:
        if OUT_PATH.read_text(encoding="utf-8") != text:
            print("detector-dev.jsonl is out of date; run python datasets/build_detector_dev.py")
            return 1
        print(f"detector-dev.jsonl is up to date ({len(records)} items)")
    else:
        with OUT_PATH.open("w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print(f"wrote {len(records)} items to {OUT_PATH.name}")
    if "--stats" in argv:
        print(stats_markdown(records))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
