import Foundation
import Rendering
import Services

/// The `features --html` page and the `features` table: one card per feature (word cloud SVG,
/// class influence bars, active rates, a checkbox); ticking boxes writes the `salience disable`
/// command to copy. Self-contained: inline CSS, SVG and script, no network.
enum FeatureCardsPage {
    /// The page for the first `top` features of `report`. A `#tick=12,40` fragment ticks those boxes on load (for tests and links).
    static func build(_ report: FeatureReport, top: Int, workspace: String, seed: UInt64) -> String {
        let features = report.features.prefix(top)
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>salience features</title>
            <style>
            body { font-family: "DejaVu Sans", sans-serif; margin: 24px; color: #222; }
            .cards { display: flex; flex-wrap: wrap; gap: 16px; }
            .card { border: 1px solid #ccc; border-radius: 6px; padding: 10px; width: 380px; }
            .card.disabled { opacity: 0.5; }
            .card h2 { font-size: 15px; margin: 0 0 6px 0; }
            .card svg { width: 360px; height: auto; }
            .bar-row { display: flex; align-items: center; font-size: 12px; margin: 2px 0; }
            .bar-row .name { width: 90px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
            .bar-row .track { position: relative; width: 180px; height: 10px; background: #f1f1f1; margin: 0 6px; }
            .bar-row .track .zero { position: absolute; left: 90px; top: 0; bottom: 0; width: 1px; background: #888; }
            .bar-row .fill { position: absolute; top: 0; height: 10px; }
            .fill.positive { background: #0072B2; } .fill.negative { background: #D55E00; }
            #command { font-family: "DejaVu Sans Mono", monospace; background: #f6f6f6; padding: 8px; display: block; margin: 8px 0 16px 0; }
            p.note { font-size: 13px; color: #555; max-width: 900px; }
            </style></head><body>
            <h1>Features of the CNN</h1>
            <p class="note">\(report.features.count) pooled features of model \(MarkupEscaping.escapeText(String(report.modelFingerprint.prefix(12)))), \
            \(min(top, report.features.count)) shown, ranked by how much they move the class logits apart on an average example \
            (class influence: \(report.influenceMeasure); n-grams from \(report.exampleCount) training examples, sized by \(report.relevanceMeasure)). \
            Tick the features that encode something the model should not use, then run the command below and \
            <code>salience train --head-only</code>.</p>
            <code id="command">salience disable --features (tick a feature)</code>
            <div class="cards">

            """
        let largest = max(features.flatMap { $0.influence.map(abs) }.max() ?? 1, 1e-12)
        for feature in features {
            let words = feature.ngrams.filter { $0.relevance > 0 && $0.relevance.isFinite }.map { (word: $0.text, weight: Float($0.relevance)) }
            let title = "feature \(feature.index) · width \(feature.width)"
            let cloud = WordCloudLayout(words: words, width: 480, height: 260, seed: seed &+ UInt64(feature.index), title: title).svg()
            let disabled = !feature.disabledClasses.isEmpty
            page += "<div class=\"card\(disabled ? " disabled" : "")\" id=\"feature-\(feature.index)\">\n"
            page += "<h2><label><input type=\"checkbox\" class=\"pick\" value=\"\(feature.index)\"\(disabled ? " checked disabled" : "")> "
            page += "#\(feature.rank): feature \(feature.index) (width \(feature.width))\(disabled ? " — disabled" : "")</label></h2>\n"
            page += Self.inlineSVG(cloud) + "\n"
            for (classIndex, name) in report.classes.enumerated() {
                let value = feature.influence[classIndex]
                let width = min(abs(value) / largest, 1) * 90
                let left = value >= 0 ? 90 : 90 - width
                page += "<div class=\"bar-row\"><span class=\"name\">\(MarkupEscaping.escapeText(name))</span>"
                page += "<span class=\"track\"><span class=\"fill \(value >= 0 ? "positive" : "negative")\" style=\"left: \(fixed(left, 1))px; width: \(fixed(width, 1))px\"></span><span class=\"zero\"></span></span>"
                page += "<span>\(fixed(value, 3)) · fires on \(percent(feature.activeRates[classIndex]))</span></div>\n"
            }
            page += "</div>\n"
        }
        page += """
            </div>
            <script>
            const base = \(Self.javaScriptString("salience disable --workspace \(workspace) --features "));
            function update() {
              const picked = [...document.querySelectorAll('input.pick:checked:not(:disabled)')].map(box => box.value);
              document.getElementById('command').textContent = picked.length ? base + picked.join(',') : 'salience disable --features (tick a feature)';
              for (const box of document.querySelectorAll('input.pick')) box.closest('.card').classList.toggle('picked', box.checked);
            }
            for (const box of document.querySelectorAll('input.pick')) box.addEventListener('change', update);
            const tick = new URLSearchParams(location.hash.slice(1)).get('tick');
            if (tick) for (const value of tick.split(',')) {
              const box = document.querySelector(`input.pick[value="${value}"]`);
              if (box && !box.disabled) box.checked = true;
            }
            update();
            </script>
            </body></html>

            """
        return page
    }

    /// The table of `features`: rank, index, width, score, class influences, active rates, top n-grams.
    static func table(_ report: FeatureReport) -> String {
        var table = TextTable(["rank", "feature", "width", "score"] + report.classes.map { "infl \($0)" } + report.classes.map { "fires \($0)" } + ["top n-grams"],
                              alignments: [.right, .right, .right, .right] + report.classes.map { _ in .right } + report.classes.map { _ in .right } + [.left])
        for feature in report.features {
            let ngrams = feature.ngrams.prefix(3).map(\.text).joined(separator: " | ")
            table.add([String(feature.rank), String(feature.index) + (feature.disabledClasses.isEmpty ? "" : " (off)"), String(feature.width),
                       fixed(feature.score, 4)] + feature.influence.map { fixed($0, 3) } + feature.activeRates.map(percent) + [ngrams.snippet(60)])
        }
        return "Features of model \(report.modelFingerprint.prefix(12)) over \(report.exampleCount) training examples"
            + " (influence: \(report.influenceMeasure); n-grams by \(report.relevanceMeasure)):\n\n" + table.render()
    }

    /// A standalone SVG document without its XML declaration, to sit inside HTML.
    static func inlineSVG(_ document: String) -> String {
        guard document.hasPrefix("<?xml"), let end = document.range(of: "?>") else { return document }
        return String(document[end.upperBound...]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `text` as a JavaScript string literal.
    static func javaScriptString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
    }
}
