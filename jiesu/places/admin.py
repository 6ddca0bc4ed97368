from django.contrib import admin

from jiesu.places.models import Building, Community, Compound, Household, Street


@admin.register(Street)
class StreetAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "street"]
    list_filter = ["kind"]
    search_fields = ["name"]


class BuildingInline(admin.TabularInline):
    model = Building
    extra = 0


@admin.register(Compound)
class CompoundAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "kind", "property_project", "households"]
    list_filter = ["kind", "community"]
    search_fields = ["name"]
    autocomplete_fields = ["property_project"]
    inlines = [BuildingInline]


@admin.register(Building)
class BuildingAdmin(admin.ModelAdmin):
    list_display = ["__str__", "compound", "number", "floors"]
    search_fields = ["compound__name", "number"]


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["__str__", "building"]
    autocomplete_fields = ["building"]
