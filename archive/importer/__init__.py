"""`build.py import`: the documents a secretariat already has → records.

A reader per format turns one document into an ``ImportedMeeting``
(``model.py``): what the document says, as printed, with the line each part
came from and the lines it could not place. ``resolve.py`` matches its names
against the registries (unknown ones become proposals, never records);
``write.py`` writes the records that ``build.py check`` validates.

| format | reader |
|---|---|
| plain text exported from Word (KD-Net, KKR Midtjylland) | ``text.py`` |
| Word ``.docx`` of the same shape | ``docx.py`` (paragraphs → the text reader) |
| FirstAgenda HTML page | ``firstagenda_html.py`` |
| FirstAgenda PDF export | ``firstagenda_pdf.py`` |
| OCR text with damaged Danish letters | ``ocr.py`` (repair → the text reader) |
"""
