import nbformat

from helpers.render import render_report


def test_report_hides_code_embeds_images_and_fetches_nothing(tmp_path):
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell("secret_parameter = 1")
    params.metadata["tags"] = ["parameters"]
    code = nbformat.v4.new_code_cell("print('hello')")
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="visible output\n"),
        nbformat.v4.new_output("display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"}),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("# Title here"), params, code]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, str(path))
    html = render_report(path, tmp_path / "report.html", title="My report").read_text()
    assert "Title here" in html and "visible output" in html
    assert "print(&#39;hello&#39;)" not in html and "print('hello')" not in html
    assert "secret_parameter" not in html
    assert 'src="data:image/png;base64,iVBORw0KGgo=' in html
    assert "<script src=" not in html and "<link " not in html
    assert "<title>My report</title>" in html
