"""Charts drawn on the server as SVG: no JavaScript, readable without colour, with the same figures as a table.

    line_chart(title=, description=, labels=, series=, y_label=, x_label=, y_max=, unit=) -> Chart
    Chart.svg          the <svg> markup (role="img", <title> and <desc>), safe to put in a template
    Chart.header, .rows the figures for the table beside it (templates/charts/chart.html)

Each series has its own dash pattern and point marker, and is labelled at its last point as well as in
the key, so the lines can be told apart in print, in greyscale and by a colour-blind reader. Pure
functions of their arguments: nothing here touches the database.
"""

from pathways.charts.svg import Chart, Series, line_chart

__all__ = ["Chart", "Series", "line_chart"]
