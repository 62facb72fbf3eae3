// The workbench's one script (served as /static/app.js; the pages allow no inline script).
// Returns dropped on the drop zone are put into its file input and sent at once; the 催报
// message is copied with one click. Without this script every page still works by plain forms.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var form = document.getElementById("upload-form");
  if (drop && input && form) {
    ["dragenter", "dragover"].forEach(function (name) {
      drop.addEventListener(name, function (e) {
        e.preventDefault();
        drop.classList.add("over");
      });
    });
    drop.addEventListener("dragleave", function () {
      drop.classList.remove("over");
    });
    drop.addEventListener("drop", function (e) {
      e.preventDefault();
      drop.classList.remove("over");
      if (e.dataTransfer && e.dataTransfer.files.length) {
        input.files = e.dataTransfer.files;
        form.requestSubmit();
      }
    });
    input.addEventListener("change", function () {
      var n = input.files.length;
      drop.querySelector("span").textContent = n ? "已选择 " + n + " 个文件，点击“上传并导入”" : drop.dataset.hint;
    });
    drop.dataset.hint = drop.querySelector("span").textContent;
  }
  // The period switcher opens the chosen period at once (its button stays for no script).
  var pick = document.getElementById("period-select");
  if (pick) {
    pick.addEventListener("change", function () { pick.form.submit(); });
  }
  document.querySelectorAll("button.copy").forEach(function (button) {
    button.addEventListener("click", function () {
      var text = document.getElementById(button.dataset.copy);
      text.select();
      var done = function () { button.textContent = "已复制"; };
      if (navigator.clipboard) {
        navigator.clipboard.writeText(text.value).then(done, function () { document.execCommand("copy"); done(); });
      } else {
        document.execCommand("copy");
        done();
      }
    });
  });
});
