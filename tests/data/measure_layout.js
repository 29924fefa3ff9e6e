(function () {
  var out = {viewport: window.innerWidth, pageWidth: document.documentElement.scrollWidth,
             tables: [], small: [], overlaps: [], texts: 0};
  document.querySelectorAll("table").forEach(function (table) {
    var region = table.closest(".scroll") || table;
    out.tables.push({right: region.getBoundingClientRect().right, table: table.getBoundingClientRect().width,
                     region: region.clientWidth});
  });
  document.querySelectorAll("svg").forEach(function (svg, i) {
    var scale = svg.getScreenCTM().a, boxes = [];
    svg.querySelectorAll("text").forEach(function (t) {
      out.texts += 1;
      var px = parseFloat(t.getAttribute("font-size")) * scale;
      if (px < 11) out.small.push([i, t.textContent, px]);
      var r = t.getBoundingClientRect();
      boxes.push([t.textContent, r.left, r.top, r.right, r.bottom]);
    });
    for (var a = 0; a < boxes.length; a++) for (var b = a + 1; b < boxes.length; b++) {
      var p = boxes[a], q = boxes[b];
      if (Math.min(p[3], q[3]) - Math.max(p[1], q[1]) > 0.5 && Math.min(p[4], q[4]) - Math.max(p[2], q[2]) > 0.5)
        out.overlaps.push([i, p[0], q[0]]);
    }
  });
  var pre = document.createElement("pre");
  pre.id = "measurements";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
