from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from pathways.schools.models import Closure, HalfTerm, School, StaffRole, Trust, TrustRole, User

admin.site.register(User, UserAdmin)
admin.site.register([Trust, School, HalfTerm, Closure, StaffRole, TrustRole])
