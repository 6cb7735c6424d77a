"""Vietnamese formats overriding Django's "vi" locale (FORMAT_MODULE_PATH = ["dangbo.formats"])."""

DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday

# Day first: Django's "vi" locale sets none, so "06/02/2018" would be read as 2 June.
DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # '06/02/2018', '6/2/2018'
    "%d/%m/%y",  # '06/02/18'
    "%d-%m-%Y",  # '06-02-2018'
    "%d.%m.%Y",  # '06.02.2018'
    "%Y-%m-%d",  # '2018-02-06'
]
DATETIME_INPUT_FORMATS = [
    f"{date_format} {time_format}"
    for date_format in DATE_INPUT_FORMATS
    for time_format in ("%H:%M:%S", "%H:%M:%S.%f", "%H:%M")
] + DATE_INPUT_FORMATS

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
