"""The employer dashboard's pages, one module per area: each view validates a form, calls one service or
selector (the same ones the API calls) with the member as ``by=``, and renders a template."""
