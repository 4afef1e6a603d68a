extension HTMLReport {
    /// The page's CSS (no `<` or `&`, so it is also valid inside XML).
    static let styleSheet = """
        body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;color:#222;background:#fafafa;margin:0}
        header,main{max-width:1040px;margin:0 auto;padding:0 20px}
        header{padding-top:18px;padding-bottom:4px;border-bottom:1px solid #ddd}
        h1{font-size:1.6em;margin:0.2em 0}
        h2{font-size:1.25em;margin-top:1.8em;border-bottom:1px solid #e4e4e4;padding-bottom:0.2em}
        h3{font-size:1.05em}
        .subtitle{color:#555;margin:0.2em 0 0.6em}
        nav{font-size:0.9em;margin:0.4em 0 0.8em}
        nav a{color:#0060a0;text-decoration:none}
        p{line-height:1.5;max-width:75ch}
        pre{background:#fff;border:1px solid #ddd;padding:10px;overflow-x:auto;font-size:0.85em;line-height:1.35}
        figure{margin:1em 0}
        figure.svg svg{max-width:100%;height:auto;display:block;background:#fff;border:1px solid #e4e4e4}
        figcaption{font-size:0.88em;color:#555;margin-top:0.4em}
        .grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(440px,1fr));gap:12px}
        .grid figure{margin:0}
        table{border-collapse:collapse;background:#fff;font-size:0.9em;margin:1em 0}
        caption{text-align:left;color:#555;padding-bottom:0.3em}
        th,td{border:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}
        th{background:#f0f0f0}
        .search{margin:1em 0;padding:8px 10px;background:#fff;border:1px solid #ddd}
        .search input{font-size:1em;padding:3px 6px;width:16em}
        #search-status{color:#555;font-size:0.9em;margin-left:0.5em}
        ol.examples{padding-left:1.6em}
        li.example{margin:0.5em 0;line-height:1.45}
        li.example .id{font-family:"DejaVu Sans Mono",monospace;font-size:0.85em;color:#555}
        li.example .detail{font-size:0.85em;color:#0060a0}
        li.example.dim{opacity:0.35}
        li.example.found{background:#fff6cc}
        mark{background:#ffe27a;padding:0 1px}

        """

    /// The search box's script (inside CDATA in the page; no network access).
    static let script = """
        (function () {
          var input = document.getElementById("search");
          if (!input) { return; }
          var status = document.getElementById("search-status");
          var items = null;
          function collect() {
            items = [];
            var circles = document.querySelectorAll("svg.scatter circle");
            for (var i = 0; i < circles.length; i++) {
              var title = circles[i].firstElementChild;
              if (!title) { continue; }
              var text = title.textContent;
              var cut = text.indexOf("\\n");
              items.push({node: circles[i], text: (cut >= 0 ? text.slice(cut + 1) : text).toLowerCase(), point: true});
            }
            var examples = document.querySelectorAll("li.example .text");
            for (var j = 0; j < examples.length; j++) {
              items.push({node: examples[j].parentNode, text: examples[j].textContent.toLowerCase(), point: false});
            }
          }
          function run() {
            if (items === null) { collect(); }
            var term = input.value.trim().toLowerCase();
            var points = 0, found = 0, examples = 0, foundExamples = 0;
            for (var i = 0; i < items.length; i++) {
              var item = items[i];
              if (term === "") {
                item.node.classList.remove("dim");
                item.node.classList.remove("found");
                continue;
              }
              var hit = item.text.indexOf(term) !== -1;
              item.node.classList.toggle("found", hit);
              item.node.classList.toggle("dim", !hit);
              if (item.point) { points++; if (hit) { found++; } } else { examples++; if (hit) { foundExamples++; } }
            }
            status.textContent = term === "" ? "" : found + " of " + points + " points and " + foundExamples
              + " of " + examples + " listed examples contain \\u201c" + input.value.trim() + "\\u201d";
          }
          var timer = null;
          input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 150); });
          // A link such as report.html#search=CLASS_0 opens the page with that search applied.
          function fromHash() {
            var match = /^#search=(.*)$/.exec(window.location.hash);
            if (match) { input.value = decodeURIComponent(match[1]); run(); }
          }
          window.addEventListener("hashchange", fromHash);
          fromHash();
        })();

        """
}
